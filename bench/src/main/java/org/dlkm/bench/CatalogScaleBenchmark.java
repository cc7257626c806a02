package org.dlkm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.catalog.ModuleCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * P11: the scale of the catalog. A kernel home holds 100, 1,000 or 10,000 registered modules, the random catalog of
 * P4 ({@link SyntheticCatalog#random}, same seed), written before the first boot as {@code kminstall -a} leaves them;
 * none is loaded.
 * <ul>
 * <li>{@code boot}: each invocation boots a new framework (storage cleaned at its first init) with the
 * infrastructure bundles and the kernel runtime on that home, which has booted once before, and returns when the
 * kernel says it is running; stopping it is not measured. Afterwards, untimed, its catalog must hold every
 * module.</li>
 * <li>{@code status}: {@code kmadmin -S} (full status of every registered module) in the kernel shell bundle,
 * called as Gogo calls it ({@link ShellCommand}), on a kernel booted once per trial with its shell.</li>
 * </ul>
 * There is no raw Felix analogue of a catalog: the figures to compare are each size's against the size ten times
 * smaller.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CatalogScaleBenchmark {

    /** Writes the catalog of a size into a kernel home before its first boot. */
    static FrameworkFixture.HomePreparation catalog(int modules) {
        return home -> {
            Path jars = Files.createDirectories(home.resolveSibling("generated"));
            SyntheticCatalog.registerBeforeBoot(home, SyntheticCatalog.random(modules, PlanBenchmark.SEED)
                    .writeJars(jars));
        };
    }

    /** A kernel home with the catalog registered, booted once; the framework is stopped after each invocation. */
    @State(Scope.Benchmark)
    public static class Boots {
        @Param({"100", "1000", "10000"})
        public int modules;

        Path root;
        Map<String, String> properties;
        List<Path> bundles;
        BenchFramework running;

        @Setup(Level.Trial)
        public void prepare() throws Exception {
            Distribution distribution = Distribution.locate();
            root = FrameworkFixture.layout(distribution, List.of());
            catalog(modules).prepare(FrameworkFixture.home(root));
            properties = FrameworkFixture.properties(root);
            bundles = FrameworkFixture.kernelBundles(distribution);
            BenchFramework first = BenchFramework.boot(properties, bundles);
            try {
                checkCatalog(first.catalog(), modules);
            } finally {
                first.stop();
            }
        }

        /** Checks the catalog of the framework the invocation booted, and stops it; not measured. */
        @TearDown(Level.Iteration)
        public void stop() {
            if (running != null) {
                try {
                    checkCatalog(running.catalog(), modules);
                } finally {
                    running.stop();
                    running = null;
                }
            }
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            TempFiles.delete(root);
        }
    }

    /** A kernel with the catalog registered and its shell, booted once per trial. */
    @State(Scope.Benchmark)
    public static class Shell {
        @Param({"100", "1000", "10000"})
        public int modules;

        FrameworkFixture fixture;
        ShellCommand kmadmin;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.kernelWithShell(Distribution.locate(), catalog(modules));
            checkCatalog(fixture.framework().catalog(), modules);
            kmadmin = ShellCommand.await(fixture.framework().context(), "kmadmin");
            int shown = statusBlocks(kmadmin.run("-S"));
            if (shown != modules) {
                throw new IllegalStateException("kmadmin -S shows " + shown + " modules of the " + modules
                        + " registered");
            }
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            try {
                kmadmin.close();
            } finally {
                fixture.close();
            }
        }
    }

    /** @return how many modules a {@code kmadmin -S} output describes: one {@code Module Name} line each */
    static int statusBlocks(String status) {
        int blocks = 0;
        for (String line : status.split("\n")) {
            if (line.startsWith("Module Name")) {
                blocks++;
            }
        }
        return blocks;
    }

    private static void checkCatalog(ModuleCatalog catalog, int modules) {
        int registered = catalog.entries().size();
        if (registered != modules) {
            throw new IllegalStateException("the kernel booted with " + registered + " registered modules, not "
                    + modules);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public BenchFramework boot(Boots b) throws Exception {
        b.running = BenchFramework.boot(b.properties, b.bundles);
        return b.running;
    }

    /** Iterations of a second: the suite gives P11 single-shot settings, which set no iteration time. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(time = 1)
    @Measurement(time = 1)
    public String status(Shell s) {
        return s.kmadmin.run("-S");
    }
}
