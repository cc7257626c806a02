package org.dlkm.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.osgi.framework.Bundle;

/**
 * P1: one load and unload cycle of a module. dlkm: {@link KernelService#load} then {@link KernelService#unload} of
 * nfshaper (needs nothing) or e100 (with vmklinux loaded, symbols exported). Two baselines on raw Felix, each
 * installing a jar from an input stream, resolving, starting, stopping, uninstalling and refreshing it; for e100 with
 * vmklinux installed and started:
 * <ul>
 * <li>{@code peer}: the module's peer bundle ({@link PeerBundleWriter}), whose activator does the module's work
 * (its classes created, its filter class or its card's network device registered as a service, the card's watchdog
 * scheduled on a shared scheduler): what a user would write instead of a dlkm module;</li>
 * <li>{@code floor}: the module's own jar, which raw Felix starts without loading any of its classes: the framework's
 * bundle work alone.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoadUnloadBenchmark {

    /** The kernel, booted with the shipped modules; for e100, vmklinux is loaded with {@code -e}. */
    @State(Scope.Benchmark)
    public static class Kernel {
        @Param({"nfshaper", "e100"})
        public String module;

        FrameworkFixture fixture;
        KernelService kernel;
        LoadRequest request;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.kernel(Distribution.locate(), List.of("vmklinux", "e100", "nfshaper"),
                    home -> { });
            kernel = fixture.kernel();
            if (module.equals("e100")) {
                kernel.load(LoadRequest.builder("vmklinux").exportSymbols(true).build());
            }
            request = LoadRequest.builder(module).build();
            kernel.load(request);
            PeerServices.checkSameDevices(PeerBundleWriter.Peer.of(module), fixture.framework().devices().devices());
            kernel.unload(module);
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    /** Raw Felix with the same infrastructure; for e100, vmklinux installed and started. */
    public abstract static class Raw {
        FrameworkFixture fixture;
        RawLifecycle felix;
        Path jar;

        /** Boots raw Felix and, for e100, installs and starts vmklinux. */
        void boot(String module) throws Exception {
            fixture = FrameworkFixture.raw(Distribution.locate(), List.of("vmklinux", "e100", "nfshaper"));
            felix = new RawLifecycle(fixture.framework().context());
            if (module.equals("e100")) {
                felix.installResolveStart(fixture.moduleDirectory().resolve("vmklinux.jar"));
            }
        }

    }

    /** The floor: the module's own jar, no class of it loaded. */
    @State(Scope.Benchmark)
    public static class Floor extends Raw {
        @Param({"nfshaper", "e100"})
        public String module;

        @Setup(Level.Trial)
        public void prepare() throws Exception {
            boot(module);
            jar = fixture.moduleDirectory().resolve(module + ".jar");
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    /** The peer: the module's peer bundle, with the shared scheduler its watchdogs run on. */
    @State(Scope.Benchmark)
    public static class Peer extends Raw {
        @Param({"nfshaper", "e100"})
        public String module;

        PeerServices services;

        @Setup(Level.Trial)
        public void prepare() throws Exception {
            boot(module);
            PeerBundleWriter.Peer peer = PeerBundleWriter.Peer.of(module);
            services = PeerServices.offer(fixture.framework().context());
            jar = PeerBundleWriter.write(peer, fixture.moduleDirectory().resolve(module + ".jar"),
                    fixture.scratch("peer").resolve(module + "-peer.jar"));
            Bundle bundle = felix.installResolveStart(jar);
            services.checkRegistered(peer);
            felix.stopUninstallRefresh(bundle);
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            try {
                services.close();
            } finally {
                fixture.close();
            }
        }
    }

    @Benchmark
    public void dlkm(Kernel k, Blackhole bh) throws Exception {
        bh.consume(k.kernel.load(k.request));
        k.kernel.unload(k.module);
    }

    @Benchmark
    public void peer(Peer p) throws Exception {
        Bundle bundle = p.felix.installResolveStart(p.jar);
        p.felix.stopUninstallRefresh(bundle);
    }

    @Benchmark
    public void floor(Floor f) throws Exception {
        Bundle bundle = f.felix.installResolveStart(f.jar);
        f.felix.stopUninstallRefresh(bundle);
    }
}
