package org.dlkm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadPlanInfo;
import org.dlkm.kernel.runtime.internal.catalog.DependencyGraph;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlanner;
import org.dlkm.kernel.runtime.internal.master.InterfaceSpec;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.ModuleType;
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

/**
 * P4: planning a demand load of the top module of a random catalog ({@link SyntheticCatalog#random}) of 1,000 and
 * 10,000 modules, whose closure is nearly the whole catalog. Two measurements:
 * <ul>
 * <li>{@code kernelPlan}: {@link KernelService#plan} ({@code kmadmin -L -n}) on a booted kernel whose catalog holds
 * the generated modules (written into the kernel home before boot, as {@code kminstall -a} leaves them): the whole
 * path, lock, catalog lookups and system file checks included;</li>
 * <li>{@code planner}: the kernel runtime's {@link LoadPlanner} alone, on the same graph as {@link MasterFile}s in
 * memory, numbered once into a {@link DependencyGraph} during setup as the kernel's catalog numbers its modules once
 * per change.</li>
 * </ul>
 * There is no raw Felix analogue of planning: the figure to compare is the 10,000-module time against the
 * 1,000-module time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlanBenchmark {
    /** The seed of every generated catalog: each run plans the same graphs. */
    static final long SEED = 20_011_123L;

    /** A kernel whose catalog holds a generated random catalog. */
    @State(Scope.Benchmark)
    public static class Kernel {
        @Param({"1000", "10000"})
        public int modules;

        FrameworkFixture fixture;
        KernelService kernel;
        String top;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            SyntheticCatalog catalog = SyntheticCatalog.random(modules, SEED);
            top = catalog.top();
            fixture = FrameworkFixture.kernel(Distribution.locate(), List.of(), home -> {
                Path jars = Files.createDirectories(home.resolveSibling("generated"));
                SyntheticCatalog.registerBeforeBoot(home, catalog.writeJars(jars));
            });
            kernel = fixture.kernel();
            LoadPlanInfo plan = kernel.plan(top);
            int expected = catalog.closureSize(top);
            if (plan.steps().size() != expected) {
                throw new IllegalStateException("the kernel plans " + plan.steps().size() + " loads for " + top
                        + ", the generated graph has a closure of " + expected);
            }
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    /** The load planner over the same graph in memory. */
    @State(Scope.Benchmark)
    public static class Planner {
        @Param({"1000", "10000"})
        public int modules;

        LoadPlanner planner;
        String top;

        @Setup(Level.Trial)
        public void build() throws Exception {
            SyntheticCatalog catalog = SyntheticCatalog.random(modules, SEED);
            Map<String, MasterFile> masters = new HashMap<>();
            Map<String, Set<String>> providers = new HashMap<>();
            for (ModuleSpec m : catalog.modules()) {
                masters.put(m.name(), new MasterFile(m.name(), ModuleType.MISC, List.of(), true, false,
                        List.of(new InterfaceSpec(InterfaceSpec.BASE, "")), m.dependencies(), List.of(), List.of()));
                providers.put(m.name(), new LinkedHashSet<>(m.imports()));
            }
            planner = new LoadPlanner(DependencyGraph.of(masters.values(),
                    name -> providers.getOrDefault(name, Set.of())));
            top = catalog.top();
            int planned = planner.plan(top, Set.of()).steps().size();
            if (planned != catalog.closureSize(top)) {
                throw new IllegalStateException("the planner plans " + planned + " loads for " + top
                        + ", the generated graph has a closure of " + catalog.closureSize(top));
            }
        }
    }

    @Benchmark
    public LoadPlanInfo kernelPlan(Kernel k) throws Exception {
        return k.kernel.plan(k.top);
    }

    @Benchmark
    public LoadPlan planner(Planner p) throws Exception {
        return p.planner.plan(p.top, Set.of());
    }
}
