package org.dlkm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.jar.JarFile;

import org.dlkm.kernel.spi.ModuleConstants;

/**
 * A generated catalog of modules {@code m0 ... m(n-1)} whose dependencies always point to lower numbers, so that
 * every catalog is free of cycles and its top module {@code m(n-1)} can be demand-loaded.
 *
 * <ul>
 * <li>{@link #chain}: each module depends on the one before it and imports its symbol package (P7);</li>
 * <li>{@link #random}: each module declares one to three {@code $DRIVER_DEPENDENCY} modules, the first one of its
 * {@value #NEIGHBOURHOOD} predecessors and the others anywhere below it, and imports the symbol package of one more
 * module anywhere below it with probability one half (P4). The near first dependency makes the graph deep and the
 * top module's closure most of the catalog (about 80%, whatever its size), so that planning the top does work
 * proportional to the catalog's size.</li>
 * </ul>
 *
 * <p>Immutable and safe to share between threads.
 */
public final class SyntheticCatalog {
    /** How far back the first dependency of a module of a random catalog reaches. */
    static final int NEIGHBOURHOOD = 2;

    private final List<ModuleSpec> modules;

    private SyntheticCatalog(List<ModuleSpec> modules) {
        this.modules = List.copyOf(modules);
    }

    /**
     * @param length the number of modules, at least 1
     * @return {@code m0 <- m1 <- ... <- m(length-1)}, each depending on and importing from the one before
     */
    public static SyntheticCatalog chain(int length) {
        requirePositive(length);
        List<ModuleSpec> modules = new ArrayList<>(length);
        modules.add(new ModuleSpec(name(0), List.of(), List.of()));
        for (int i = 1; i < length; i++) {
            modules.add(new ModuleSpec(name(i), List.of(name(i - 1)), List.of(name(i - 1))));
        }
        return new SyntheticCatalog(modules);
    }

    /**
     * @param size the number of modules, at least 1
     * @param seed the random seed: the same seed gives the same catalog
     * @return a random dependency graph without cycles, as the class comment describes
     */
    public static SyntheticCatalog random(int size, long seed) {
        requirePositive(size);
        Random random = new Random(seed);
        List<ModuleSpec> modules = new ArrayList<>(size);
        modules.add(new ModuleSpec(name(0), List.of(), List.of()));
        for (int i = 1; i < size; i++) {
            int wanted = Math.min(i, 1 + random.nextInt(3));
            Set<String> dependencies = new LinkedHashSet<>();
            dependencies.add(name(i - 1 - random.nextInt(Math.min(i, NEIGHBOURHOOD))));
            while (dependencies.size() < wanted) {
                dependencies.add(name(random.nextInt(i)));
            }
            List<String> imports = random.nextBoolean() ? List.of(name(random.nextInt(i))) : List.of();
            modules.add(new ModuleSpec(name(i), new ArrayList<>(dependencies), imports));
        }
        return new SyntheticCatalog(modules);
    }

    private static void requirePositive(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a catalog has at least one module, not " + size);
        }
    }

    /**
     * @param index a module's number
     * @return its name, {@code m<index>}
     */
    public static String name(int index) {
        return "m" + index;
    }

    /** @return the modules, {@code m0} first */
    public List<ModuleSpec> modules() {
        return modules;
    }

    /** @return the number of modules */
    public int size() {
        return modules.size();
    }

    /** @return the module with the highest number: the one a benchmark demand-loads */
    public String top() {
        return modules.get(modules.size() - 1).name();
    }

    /**
     * @param module a module of the catalog
     * @return how many modules a demand load of it loads: itself and everything it needs, through
     *         {@code $DRIVER_DEPENDENCY} or imports
     */
    public int closureSize(String module) {
        Map<String, ModuleSpec> byName = new HashMap<>();
        modules.forEach(m -> byName.put(m.name(), m));
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(module));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                ModuleSpec spec = byName.get(next);
                todo.addAll(spec.dependencies());
                todo.addAll(spec.imports());
            }
        }
        return seen.size();
    }

    /**
     * Writes every module's jar.
     *
     * @param dir where to write {@code <name>.jar}
     * @return the jars, in module order
     */
    public List<Path> writeJars(Path dir) throws IOException {
        ModuleJarWriter writer = new ModuleJarWriter();
        List<Path> jars = new ArrayList<>(modules.size());
        for (ModuleSpec m : modules) {
            jars.add(writer.write(m, dir));
        }
        return jars;
    }

    /**
     * Registers module jars in a kernel home that is not booted yet, as {@code kminstall -a} leaves them and as the
     * kernel reads them at boot: the image in {@code stand/dlkm/mod.d/}, the master file in
     * {@code usr/conf/master.d/}, a system file (configured, loadable) in {@code stand/system.d/}.
     *
     * @param home the kernel home
     * @param jars module jars, each named {@code <module>.jar}
     */
    public static void registerBeforeBoot(Path home, List<Path> jars) throws IOException {
        Path images = Files.createDirectories(home.resolve("stand/dlkm/mod.d"));
        Path masters = Files.createDirectories(home.resolve("usr/conf/master.d"));
        Path systems = Files.createDirectories(home.resolve("stand/system.d"));
        for (Path jar : jars) {
            String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            Files.copy(jar, images.resolve(name + ".jar"));
            try (JarFile file = new JarFile(jar.toFile());
                    InputStream in = file.getInputStream(file.getEntry(ModuleConstants.MASTER_ENTRY))) {
                Files.write(masters.resolve(name), in.readAllBytes());
            }
            Files.writeString(systems.resolve(name), "$VERSION\n1\n$$$\n$CONFIGURE\nY\n$$$\n$LOADABLE\nY\n$$$\n"
                    + "$TUNABLE\n$$$\n", StandardCharsets.UTF_8);
        }
    }
}
