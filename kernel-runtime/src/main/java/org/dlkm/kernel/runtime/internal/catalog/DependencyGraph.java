package org.dlkm.kernel.runtime.internal.catalog;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dlkm.kernel.runtime.internal.master.MasterFile;

/**
 * The dependency graph of a catalog, numbered for planning: each module, and each name a module depends on that is
 * not catalogued, has an index; each catalogued module has its dependencies as indexes, sorted by name, with a flag
 * telling whether its {@code $DRIVER_DEPENDENCY} section names the dependency or it only provides symbols.
 *
 * <p>A module's dependencies are, as {@link LoadPlanner} describes them, the modules of its
 * {@code $DRIVER_DEPENDENCY} section and its symbol providers (not itself), each once. A planner walks int arrays
 * instead of looking names up in maps: the catalog builds the graph once per change and every plan reuses it.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class DependencyGraph {

    private final String[] names;
    private final Map<String, Integer> index;
    private final boolean[] catalogued;
    private final boolean[] loadable;
    /** Where each module's dependencies start in {@link #edges}; module i's end where module i + 1's start. */
    private final int[] first;
    /**
     * Every module's dependencies, one after the other (one array, not one per module: a plan of a large catalog
     * jumps around the graph, and fewer, denser arrays miss the processor's caches less): each dependency's index
     * times two, plus one when {@code $DRIVER_DEPENDENCY} names it.
     */
    private final int[] edges;

    private DependencyGraph(String[] names, Map<String, Integer> index, boolean[] catalogued, boolean[] loadable,
            int[] first, int[] edges) {
        this.names = names;
        this.index = index;
        this.catalogued = catalogued;
        this.loadable = loadable;
        this.first = first;
        this.edges = edges;
    }

    /**
     * The graph of a whole catalog.
     *
     * @param masters the master file of every catalogued module
     * @param symbolProviders by module name, the modules that provide the packages it imports; never null
     */
    public static DependencyGraph of(Collection<MasterFile> masters,
            Function<String, ? extends Set<String>> symbolProviders) {
        Map<String, MasterFile> byName = new HashMap<>(masters.size() * 2);
        for (MasterFile m : masters) {
            byName.put(m.name(), m);
        }
        return explore(byName.keySet(), name -> Optional.ofNullable(byName.get(name)), symbolProviders);
    }

    /**
     * The graph of what can be reached from some modules, by looking each module up as it is met.
     *
     * @param roots where to start
     * @param catalog the master file of a catalogued module by name; empty for a module not in the catalog
     * @param symbolProviders by module name, the modules that provide the packages it imports; never null
     */
    public static DependencyGraph explore(Collection<String> roots, Function<String, Optional<MasterFile>> catalog,
            Function<String, ? extends Set<String>> symbolProviders) {
        Builder b = new Builder(roots.size());
        ArrayDeque<String> queue = new ArrayDeque<>();
        for (String root : roots) {
            if (b.add(root)) {
                queue.add(root);
            }
        }
        Map<String, String[]> named = new HashMap<>();
        Map<String, MasterFile> found = new HashMap<>();
        while (!queue.isEmpty()) {
            String module = queue.poll();
            Optional<MasterFile> master = Objects.requireNonNull(catalog.apply(module), () -> "the lookup of " + module);
            if (master.isEmpty()) {
                continue;
            }
            found.put(module, master.get());
            Set<String> providers = Objects.requireNonNull(symbolProviders.apply(module),
                    () -> "the symbol providers of " + module);
            String[] all = dependencyNames(module, master.get().dependencies(), providers);
            named.put(module, all);
            for (String d : all) {
                if (b.add(d)) {
                    queue.add(d);
                }
            }
        }
        return b.build(found, named);
    }

    /** The declared dependencies and the providers other than the module itself, sorted by name, each once. */
    private static String[] dependencyNames(String module, List<String> declared, Set<String> providers) {
        String[] all = new String[declared.size() + providers.size()];
        int n = 0;
        for (String d : declared) {
            all[n++] = d;
        }
        for (String p : providers) {
            if (!p.equals(module)) {
                all[n++] = p;
            }
        }
        Arrays.sort(all, 0, n);
        int unique = 0;
        for (int i = 0; i < n; i++) {
            if (unique == 0 || !all[i].equals(all[unique - 1])) {
                all[unique++] = all[i];
            }
        }
        return unique == all.length ? all : Arrays.copyOf(all, unique);
    }

    /** Numbers names in the order they are met. */
    private static final class Builder {
        private final Map<String, Integer> index;
        private String[] names;
        private int size;

        Builder(int expected) {
            index = new HashMap<>(Math.max(16, expected * 2));
            names = new String[Math.max(16, expected)];
        }

        /** @return whether the name is new */
        boolean add(String name) {
            if (index.putIfAbsent(name, size) != null) {
                return false;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
            }
            names[size++] = name;
            return true;
        }

        DependencyGraph build(Map<String, MasterFile> found, Map<String, String[]> named) {
            String[] all = Arrays.copyOf(names, size);
            boolean[] catalogued = new boolean[size];
            boolean[] loadable = new boolean[size];
            int[] first = new int[size + 1];
            int count = 0;
            for (String[] deps : named.values()) {
                count += deps.length;
            }
            int[] edges = new int[count];
            int e = 0;
            for (int i = 0; i < size; i++) {
                first[i] = e;
                MasterFile master = found.get(all[i]);
                if (master == null) {
                    continue;
                }
                catalogued[i] = true;
                loadable[i] = master.loadable();
                Set<String> declared = master.dependencies().isEmpty() ? Set.of() : new HashSet<>(master.dependencies());
                for (String d : named.get(all[i])) {
                    edges[e++] = index.get(d) * 2 + (declared.contains(d) ? 1 : 0);
                }
            }
            first[size] = e;
            return new DependencyGraph(all, Map.copyOf(index), catalogued, loadable, first, edges);
        }
    }

    /** @return how many names the graph numbers: catalogued modules and the uncatalogued names they depend on */
    public int size() {
        return names.length;
    }

    /** @return the index of the name, or -1 when no module of the graph has or needs that name */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    String name(int module) {
        return names[module];
    }

    boolean catalogued(int module) {
        return catalogued[module];
    }

    boolean loadable(int module) {
        return loadable[module];
    }

    int dependencyCount(int module) {
        return first[module + 1] - first[module];
    }

    int dependency(int module, int i) {
        return edges[first[module] + i] >>> 1;
    }

    /** @return whether the module's {@code $DRIVER_DEPENDENCY} names its i-th dependency */
    boolean declared(int module, int i) {
        return (edges[first[module] + i] & 1) != 0;
    }
}
