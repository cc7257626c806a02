package org.dlkm.kernel.runtime.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.UnusableModule;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan.Step;
import org.dlkm.kernel.runtime.internal.master.MasterFile;

/**
 * Plans a demand load ({@code kmadmin -L module}): which modules have to be loaded, in which order, so that every
 * module is loaded after the modules it depends on. As the seed says, a demand load "checks what other modules the
 * loadable module depends upon and automatically loads any such module that is not currently loaded".
 *
 * <h2>Dependencies</h2>
 * A module's dependencies are the modules its master file names in {@code $DRIVER_DEPENDENCY} together with the
 * modules that provide the packages it imports (its symbol providers; a module named as its own provider, which
 * OSGi allows for a package a bundle both exports and imports, is ignored). A module already loaded is not loaded
 * again and its own dependencies are not examined: a loaded module's dependencies are loaded already.
 *
 * <h2>Order</h2>
 * Depth-first post-order from the target, visiting each module's dependencies in sorted ({@link String#compareTo})
 * order: the same catalog gives the same plan. A module reached from several dependents appears once, with the
 * reason of the first dependent that reached it.
 *
 * <h2>Refusals</h2>
 * Planning changes nothing, so every refusal comes before anything is loaded, each a {@link KernelException}:
 * <ul>
 * <li>{@code EEXIST}: the target is loaded already;</li>
 * <li>{@code ENOENT}: a module in the closure is not in the catalog, named with the chain that needs it
 * ({@code e100 needs vmklinux, which is not in the catalog (kminstall -a its jar first)}); a module whose files are
 * there but unusable is refused with its own code instead, naming the broken file;</li>
 * <li>{@code EDEADLK}: a dependency cycle, named in order ({@code dependency cycle: a -> b -> c -> a});</li>
 * <li>{@code ENOEXEC}: a module in the closure is static: its master file has no {@code $LOADABLE} section.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * A plan walks a {@link DependencyGraph}: int arrays, no name lookups, linear in the modules and dependencies of the
 * closure (four arrays of the graph's size are allocated once per plan). A planner made from a graph reuses
 * it for every plan, which is how the kernel plans: its catalog builds the graph once per change. A planner made
 * from two lookup functions explores the closure of each target through them first. Iterative with an explicit
 * stack, so a chain of any length plans without a {@link StackOverflowError}.
 *
 * <p>Immutable. {@link #plan} keeps its state on the calling thread and may be called from several threads at once,
 * provided the two lookup functions (if any) are safe to call from them; each plan sees the catalog as the graph
 * or the functions show it, so a caller that needs a consistent view plans under the lock that guards its catalog
 * and module table.
 */
public final class LoadPlanner {

    /** The state of a module a plan has not met. */
    private static final int UNSEEN = 0;
    /** The state of a module planned, or found loaded. */
    private static final int DONE = -1;

    private final DependencyGraph graph;
    private final Function<String, Optional<MasterFile>> catalog;
    private final Function<String, ? extends Set<String>> symbolProviders;
    private final Function<String, Optional<UnusableModule>> unusable;

    /**
     * A planner that explores, for each plan, what the target needs through two lookups.
     *
     * @param catalog the master file of a catalogued module by name; empty for a module not in the catalog
     * @param symbolProviders by module name, the modules that provide the packages it imports; possibly empty, never
     *        null
     */
    public LoadPlanner(Function<String, Optional<MasterFile>> catalog,
            Function<String, ? extends Set<String>> symbolProviders) {
        this.graph = null;
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.symbolProviders = Objects.requireNonNull(symbolProviders, "symbolProviders");
        this.unusable = name -> Optional.empty();
    }

    /**
     * A planner over a numbered catalog, reused by every plan.
     *
     * @param graph the catalog's dependency graph
     */
    public LoadPlanner(DependencyGraph graph) {
        this(graph, name -> Optional.empty());
    }

    /**
     * A planner over a numbered catalog, reused by every plan, that names the broken file of a module the catalog
     * holds as unusable.
     *
     * @param graph the catalog's dependency graph
     * @param unusable a module whose files are in the catalog but unusable, by name
     */
    public LoadPlanner(DependencyGraph graph, Function<String, Optional<UnusableModule>> unusable) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.catalog = null;
        this.symbolProviders = null;
        this.unusable = Objects.requireNonNull(unusable, "unusable");
    }

    /**
     * Plans loading a module and whatever it needs that is not loaded.
     *
     * @param target the module to load
     * @param loaded the names of the modules loaded now
     * @return the plan, the target its last step
     * @throws KernelException {@code EEXIST} if the target is loaded, {@code ENOENT} if a module in the closure is
     *         not catalogued, {@code EDEADLK} for a dependency cycle, {@code ENOEXEC} for a static module in the
     *         closure; see the class comment
     */
    public LoadPlan plan(String target, Set<String> loaded) throws KernelException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(loaded, "loaded");
        if (loaded.contains(target)) {
            throw new KernelException(Errno.EEXIST, target + " is already loaded; unload it first (kmadmin -U "
                    + target + ") to load it afresh");
        }
        DependencyGraph g = graph != null ? graph : DependencyGraph.explore(List.of(target), catalog, symbolProviders);
        return new Run(g, loaded, unusable).plan(target);
    }

    /**
     * The state of one plan. Confined to the calling thread. A module's state is {@link #UNSEEN}, {@link #DONE}, or
     * while it is on the stack its position there plus one.
     */
    private static final class Run {
        private final DependencyGraph graph;
        private final int[] state;
        private final int[] stack;
        /** For each position of the stack, how many dependencies of the module there have been visited. */
        private final int[] visited;
        private final Step[] stepOf;
        private int depth;
        private final List<Step> steps = new ArrayList<>();
        private final List<Step> alreadyLoaded = new ArrayList<>();
        private final Function<String, Optional<UnusableModule>> unusable;

        Run(DependencyGraph graph, Set<String> loaded, Function<String, Optional<UnusableModule>> unusable) {
            this.graph = graph;
            this.unusable = unusable;
            int n = graph.size();
            state = new int[n];
            visited = new int[n];
            stack = new int[n];
            stepOf = new Step[n];
            for (String name : loaded) {
                int i = graph.indexOf(name);
                if (i >= 0) {
                    state[i] = DONE;
                }
            }
        }

        LoadPlan plan(String target) throws KernelException {
            int t = graph.indexOf(target);
            if (t < 0 || !graph.catalogued(t)) {
                throw missing(target);
            }
            push(t, Step.target(target));
            while (depth > 0) {
                int top = stack[depth - 1];
                if (visited[depth - 1] < graph.dependencyCount(top)) {
                    int i = visited[depth - 1]++;
                    visit(top, i);
                } else {
                    depth--;
                    state[top] = DONE;
                    steps.add(stepOf[top]);
                }
            }
            return new LoadPlan(target, steps, alreadyLoaded);
        }

        private void visit(int from, int i) throws KernelException {
            int d = graph.dependency(from, i);
            int s = state[d];
            if (s == UNSEEN) {
                push(d, stepFor(from, i, d));
            } else if (s > 0) {
                throw cycle(s - 1, graph.name(d));
            } else if (stepOf[d] == null) {
                // loaded before the plan began, met here for the first time
                Step step = stepFor(from, i, d);
                stepOf[d] = step;
                alreadyLoaded.add(step);
            }
        }

        private Step stepFor(int from, int i, int dependency) {
            String module = graph.name(from);
            return graph.declared(from, i) ? Step.dependencyOf(graph.name(dependency), module)
                    : Step.providerTo(graph.name(dependency), module);
        }

        private void push(int module, Step step) throws KernelException {
            if (!graph.catalogued(module)) {
                throw missing(graph.name(module));
            }
            if (!graph.loadable(module)) {
                throw notLoadable(graph.name(module));
            }
            stepOf[module] = step;
            visited[depth] = 0;
            stack[depth++] = module;
            state[module] = depth;
        }

        private KernelException missing(String module) {
            Optional<UnusableModule> broken = unusable.apply(module);
            if (broken.isPresent()) {
                KernelException refusal = broken.get().refusal();
                return depth == 0 ? refusal
                        : new KernelException(refusal.errno(), chain(module) + ": " + refusal.getMessage());
            }
            if (depth == 0) {
                return new KernelException(Errno.ENOENT, module + " is not in the catalog (kminstall -a its jar"
                        + " first)");
            }
            return new KernelException(Errno.ENOENT, chain(module) + ", which is not in the catalog (kminstall -a"
                    + " its jar first)");
        }

        private KernelException notLoadable(String module) {
            String message = module + " is not loadable: its master file has no $LOADABLE section, so it can only"
                    + " be configured statically into the kernel (kmsystem -c Y " + module
                    + ", then build and boot a new kernel)";
            if (depth > 0) {
                message += "; " + chain(module);
            }
            return new KernelException(Errno.ENOEXEC, message);
        }

        /** @return {@code a needs b, which needs c}: the stack, from the target, down to the module */
        private String chain(String module) {
            StringBuilder sb = new StringBuilder(graph.name(stack[0]));
            for (int i = 1; i < depth; i++) {
                sb.append(i == 1 ? " needs " : ", which needs ").append(graph.name(stack[i]));
            }
            sb.append(depth == 1 ? " needs " : ", which needs ").append(module);
            return sb.toString();
        }

        private KernelException cycle(int start, String module) {
            StringBuilder sb = new StringBuilder("dependency cycle: ");
            for (int i = start; i < depth; i++) {
                sb.append(graph.name(stack[i])).append(" -> ");
            }
            sb.append(module).append(" (each needs the next loaded first, so none can be loaded; break the cycle"
                    + " in a $DRIVER_DEPENDENCY section or in the packages these modules import)");
            return new KernelException(Errno.EDEADLK, sb.toString());
        }
    }
}
