package org.dlkm.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.catalog.ModuleCatalog;
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
import org.osgi.framework.Bundle;

/**
 * P7: demand-loading the top of a chain of 100 and of 1,000 generated modules ({@link SyntheticCatalog#chain}: each
 * module imports the symbol package of the one before and names it in {@code $DRIVER_DEPENDENCY}). dlkm:
 * {@link KernelService#demandLoad} of the top, the chain registered with {@link ModuleCatalog#install} during
 * setup. Raw: Felix installs (from an input stream), resolves and starts the same jars, bottom first. Each
 * invocation is timed alone; the teardown after it (dlkm: unload every module, top first; raw: stop and uninstall
 * every bundle, top first, then one refresh) is not measured.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChainBenchmark {

    /** A kernel with the chain in its catalog. */
    @State(Scope.Benchmark)
    public static class Kernel {
        @Param({"100", "1000"})
        public int length;

        FrameworkFixture fixture;
        KernelService kernel;
        String top;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            SyntheticCatalog chain = SyntheticCatalog.chain(length);
            fixture = FrameworkFixture.kernel(Distribution.locate(), List.of(), home -> { });
            kernel = fixture.kernel();
            ModuleCatalog catalog = fixture.framework().catalog();
            for (Path jar : chain.writeJars(fixture.scratch("generated"))) {
                catalog.install(jar);
            }
            top = chain.top();
        }

        /** Unloads the chain, top first, so that the next invocation loads it all again. */
        @TearDown(Level.Iteration)
        public void unloadChain() throws Exception {
            List<ModuleInfo> loaded = kernel.list();
            for (int i = loaded.size() - 1; i >= 0; i--) {
                kernel.unload(loaded.get(i).id());
            }
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    /** Raw Felix with the chain's jars written. */
    @State(Scope.Benchmark)
    public static class Raw {
        @Param({"100", "1000"})
        public int length;

        FrameworkFixture fixture;
        RawLifecycle felix;
        List<Path> jars;
        final List<Bundle> started = new ArrayList<>();

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.raw(Distribution.locate(), List.of());
            felix = new RawLifecycle(fixture.framework().context());
            jars = SyntheticCatalog.chain(length).writeJars(fixture.scratch("generated"));
        }

        /** Removes the chain, top first, then refreshes once. */
        @TearDown(Level.Iteration)
        public void removeChain() throws Exception {
            for (int i = started.size() - 1; i >= 0; i--) {
                felix.stopAndUninstall(started.get(i));
            }
            felix.refresh(started);
            started.clear();
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    @Benchmark
    public List<ModuleInfo> dlkm(Kernel k) throws Exception {
        List<ModuleInfo> loaded = k.kernel.demandLoad(k.top);
        if (loaded.size() != k.length) {
            throw new IllegalStateException("demand-loading " + k.top + " loaded " + loaded.size() + " modules, not "
                    + k.length);
        }
        return loaded;
    }

    @Benchmark
    public List<Bundle> raw(Raw r) throws Exception {
        for (Path jar : r.jars) {
            r.started.add(r.felix.installResolveStart(jar));
        }
        return r.started;
    }
}
