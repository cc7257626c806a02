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
 * nfshaper (needs nothing) or e100 (with vmklinux loaded, symbols exported). Raw: Felix installs the same jar from
 * an input stream, resolves, starts, stops, uninstalls and refreshes it; for e100 with vmklinux installed and
 * started.
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
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    /** Raw Felix with the same infrastructure; for e100, vmklinux installed and started. */
    @State(Scope.Benchmark)
    public static class Raw {
        @Param({"nfshaper", "e100"})
        public String module;

        FrameworkFixture fixture;
        RawLifecycle felix;
        Path jar;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.raw(Distribution.locate(), List.of("vmklinux", "e100", "nfshaper"));
            felix = new RawLifecycle(fixture.framework().context());
            if (module.equals("e100")) {
                felix.installResolveStart(fixture.moduleDirectory().resolve("vmklinux.jar"));
            }
            jar = fixture.moduleDirectory().resolve(module + ".jar");
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    @Benchmark
    public void dlkm(Kernel k, Blackhole bh) throws Exception {
        bh.consume(k.kernel.load(k.request));
        k.kernel.unload(k.module);
    }

    @Benchmark
    public void raw(Raw r) throws Exception {
        Bundle bundle = r.felix.installResolveStart(r.jar);
        r.felix.stopUninstallRefresh(bundle);
    }
}
