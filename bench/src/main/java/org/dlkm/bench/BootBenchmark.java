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
 * P5: boot to a ready kernel against raw Felix. Each invocation boots a new framework (storage cleaned at its first
 * init) and returns when it is ready; stopping it is not measured. dlkm: the infrastructure bundles and the kernel
 * runtime, on a kernel home that has booted before (catalog in place) and whose {@code etc/loadmods} names
 * nfshaper: ready means the kernel service is registered and nfshaper is loaded. Two baselines with the same
 * infrastructure bundles (SCR and what it needs) and no kernel:
 * <ul>
 * <li>{@code peer}: raw Felix installing and starting nfshaper's peer bundle ({@link PeerBundleWriter}) with the
 * infrastructure, so that its boot, like the kernel's, ends with nfshaper's filter class registered: both sides do
 * the same work;</li>
 * <li>{@code floor}: the same boot without nfshaper: the framework and the infrastructure alone.</li>
 * </ul>
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

    /** The same framework directory and infrastructure, no kernel runtime, no module. */
    @State(Scope.Benchmark)
    public static class Floor extends Boots {
        @Setup(Level.Trial)
        public void prepare() throws Exception {
            bundles = layOut().infrastructureBundles();
        }
    }

    /** The same framework directory and infrastructure, and nfshaper's peer bundle started last. */
    @State(Scope.Benchmark)
    public static class Peer extends Boots {
        @Setup(Level.Trial)
        public void prepare() throws Exception {
            bundles = new ArrayList<>(layOut().infrastructureBundles());
            properties = FrameworkFixture.rawProperties(root);
            Path moduleJar = FrameworkFixture.moduleDirectory(root).resolve(BOOT_MODULE + ".jar");
            bundles.add(PeerBundleWriter.write(PeerBundleWriter.Peer.of(BOOT_MODULE), moduleJar,
                    root.resolve(BOOT_MODULE + "-peer.jar")));
        }

        /** Checks that the boot the invocation measured registered nfshaper's filter class. */
        @Override
        void checkReady(BenchFramework booted) {
            PeerServices.checkFilterClass(booted.context(), BOOT_MODULE);
        }
    }

    @Benchmark
    public KernelService dlkm(Kernel k) throws Exception {
        k.running = BenchFramework.boot(k.properties, k.bundles);
        return k.running.kernel();
    }

    @Benchmark
    public BenchFramework peer(Peer p) throws Exception {
        p.running = BenchFramework.boot(p.properties, p.bundles);
        return p.running;
    }

    @Benchmark
    public BenchFramework floor(Floor f) throws Exception {
        f.running = BenchFramework.boot(f.properties, f.bundles);
        return f.running;
    }
}
