package org.dlkm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.KernelService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * P5: boot to a ready kernel against bare Felix. Each invocation boots a new framework (storage cleaned at its first
 * init) and returns when it is ready; stopping it is not measured. dlkm: the infrastructure bundles and the kernel
 * runtime, on a kernel home that has booted before (catalog in place) and whose {@code etc/loadmods} names
 * nfshaper: ready means the kernel service is registered and nfshaper is loaded. Raw: the same framework
 * properties and infrastructure bundles (SCR and what it needs), no kernel.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BootBenchmark {
    /** The module the boot list loads. */
    static final String BOOT_MODULE = "nfshaper";

    /** A framework directory booted once per invocation; the framework is stopped after each. */
    public abstract static class Boots {
        Path root;
        Map<String, String> properties;
        List<Path> bundles;
        BenchFramework running;

        /** Checks and stops the framework booted by the invocation; not measured. */
        @TearDown(Level.Iteration)
        public void stop() {
            if (running != null) {
                try {
                    checkReady(running);
                } finally {
                    running.stop();
                    running = null;
                }
            }
        }

        /** Lays out a fresh framework directory with the shipped modules, as both sides boot from. */
        Distribution layOut() throws IOException {
            Distribution distribution = Distribution.locate();
            root = FrameworkFixture.layout(distribution, List.of("vmklinux", "e100", "nfshaper"));
            properties = FrameworkFixture.properties(root);
            return distribution;
        }

        /** Checks that the framework the invocation booted is ready; nothing to check by default. */
        void checkReady(BenchFramework booted) {
            // the raw side is ready once its bundles are started
        }

        @TearDown(Level.Trial)
        public void delete() throws Exception {
            TempFiles.delete(root);
        }
    }

    /** A kernel home with its catalog registered by a first boot and a boot list naming nfshaper. */
    @State(Scope.Benchmark)
    public static class Kernel extends Boots {
        @Setup(Level.Trial)
        public void prepare() throws Exception {
            Distribution distribution = layOut();
            Path home = FrameworkFixture.home(root);
            Files.createDirectories(home.resolve("etc"));
            Files.writeString(home.resolve("etc/loadmods"), "# loaded at boot\n" + BOOT_MODULE + "\n");
            bundles = new ArrayList<>(distribution.infrastructureBundles());
            bundles.add(distribution.kernelRuntime());
            BenchFramework.boot(properties, bundles).stop();
        }

        /** Checks that the boot the invocation measured loaded the boot list. */
        @Override
        void checkReady(BenchFramework booted) {
            if (booted.kernel().query(BOOT_MODULE).isEmpty()) {
                throw new IllegalStateException("the kernel booted without loading " + BOOT_MODULE
                        + " from etc/loadmods");
            }
        }
    }

    /** The same framework directory and infrastructure, no kernel runtime. */
    @State(Scope.Benchmark)
    public static class Raw extends Boots {
        @Setup(Level.Trial)
        public void prepare() throws Exception {
            bundles = layOut().infrastructureBundles();
        }
    }

    @Benchmark
    public KernelService dlkm(Kernel k) throws Exception {
        k.running = BenchFramework.boot(k.properties, k.bundles);
        return k.running.kernel();
    }

    @Benchmark
    public BenchFramework raw(Raw r) throws Exception {
        r.running = BenchFramework.boot(r.properties, r.bundles);
        return r.running;
    }
}
