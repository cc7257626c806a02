package org.dlkm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.ModuleImages;
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
 * P9: hot deployment, with the real Apache Felix FileInstall watching the module directory every
 * {@value #POLL_MILLIS} ms and the kernel's installer registered, as the launcher runs them. Each invocation is one
 * operation, timed alone (single shot).
 * <ul>
 * <li>{@code deploy}: a complete jar of a new generated module lands in the module directory (an atomic rename from
 * a staging directory, as {@code mv} does) until the module is registered, seen in the catalog
 * ({@link ModuleCatalog#entry}). FileInstall hands a new file over once it is the same on two consecutive scans, so
 * the time holds one to two poll intervals; the suite reports it minus one poll interval. Untimed after each: the jar
 * is deleted and the kernel's withdrawal of the module awaited.</li>
 * <li>{@code replace}: a new version of a loaded generated module renamed over its jar until the module is loaded
 * again on it (a new module ID in {@link KernelService#query}): hot deployment's {@code kminstall -u},
 * {@code config -M} and {@code kmupdate -M}, and FileInstall's wait for its next scan.</li>
 * <li>{@code kmupdate}: the same reload by hand, in a kernel of its own: the new version registered untimed
 * ({@code kminstall -u}, {@link ModuleCatalog#update}), then timed {@code config -M} and {@code kmupdate -M -i}
 * ({@link ModuleImages#configure}, {@link ModuleImages#update} with {@link ModuleImages.When#NOW}).</li>
 * <li>{@code kminstallKmupdate}: the whole update by hand, timed: {@code kminstall -u}, {@code config -M},
 * {@code kmupdate -M -i}; what {@code replace} does besides waiting for FileInstall (printed beside the ratio, outside
 * the goal).</li>
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HotDeployBenchmark {
    /** FileInstall's poll interval: short, so that a figure is mostly the kernel's work. */
    static final long POLL_MILLIS = 25;
    /** The generated module the reloads replace. */
    static final ModuleSpec RELOADED = new ModuleSpec("hotreload", List.of(), List.of());
    /** How long an invocation waits for what it measures before it fails. */
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How often a waiting invocation looks: well under a poll interval. */
    private static final long LOOK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    /** A kernel with hot deployment, and the next new module's jar written in a staging directory. */
    @State(Scope.Benchmark)
    public static class Directory {
        FrameworkFixture fixture;
        ModuleCatalog catalog;
        ModuleJarWriter writer;
        Path staging;
        int next;
        String name;
        Path jar;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.kernelWithHotDeployment(Distribution.locate(), List.of(), POLL_MILLIS);
            catalog = fixture.framework().catalog();
            writer = new ModuleJarWriter();
            staging = fixture.scratch("staging");
        }

        @Setup(Level.Invocation)
        public void newJar() throws Exception {
            name = "deployed" + next++;
            jar = writer.write(new ModuleSpec(name, List.of(), List.of()), staging);
        }

        /** Deletes the jar and waits until hot deployment has withdrawn its module. */
        @TearDown(Level.Invocation)
        public void withdraw() throws Exception {
            Files.deleteIfExists(fixture.moduleDirectory().resolve(name + ".jar"));
            await(() -> catalog.entry(name).isEmpty(), "the withdrawal of " + name);
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    /** A loaded module, deployed through the module directory, and two versions of it to alternate. */
    @State(Scope.Benchmark)
    public static class Deployed {
        FrameworkFixture fixture;
        KernelService kernel;
        Path[] versions;
        Path staging;
        int turn;
        int loadedId;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.kernelWithHotDeployment(Distribution.locate(), List.of(), POLL_MILLIS);
            kernel = fixture.kernel();
            versions = versions(fixture);
            staging = fixture.scratch("staging");
            ModuleCatalog catalog = fixture.framework().catalog();
            Files.copy(versions[0], fixture.moduleDirectory().resolve(RELOADED.name() + ".jar"));
            await(() -> catalog.entry(RELOADED.name()).isPresent(), "the deployment of " + RELOADED.name());
            kernel.demandLoad(RELOADED.name());
            turn = 1;
        }

        @Setup(Level.Invocation)
        public void stage() throws Exception {
            loadedId = kernel.query(RELOADED.name()).map(ModuleInfo::id).orElseThrow();
            Files.copy(versions[turn], staging.resolve(RELOADED.name() + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }

        @TearDown(Level.Invocation)
        public void alternate() {
            turn = 1 - turn;
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    /**
     * A kernel of its own with a loaded module registered by hand, and two versions of it to alternate: what the
     * states updating it by hand share (JMH runs a superclass's setup and teardown methods too).
     */
    public abstract static class LoadedByHand {
        FrameworkFixture fixture;
        ModuleCatalog catalog;
        ModuleImages images;
        Path[] versions;
        int turn;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.kernelWithHotDeployment(Distribution.locate(), List.of(), POLL_MILLIS);
            catalog = fixture.framework().catalog();
            images = fixture.framework().images();
            versions = versions(fixture);
            catalog.install(versions[0]);
            fixture.kernel().demandLoad(RELOADED.name());
            turn = 1;
        }

        @TearDown(Level.Invocation)
        public void alternate() {
            turn = 1 - turn;
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    /** The next version registered before each invocation: {@code kmupdate} times {@code config -M} and its move. */
    @State(Scope.Benchmark)
    public static class Registered extends LoadedByHand {
        /** {@code kminstall -u} of the next version: the image the timed {@code config -M} reads. */
        @Setup(Level.Invocation)
        public void register() throws Exception {
            catalog.update(versions[turn]);
        }
    }

    /**
     * A loaded module registered by hand, whose whole update is timed ({@code kminstall -u}, {@code config -M},
     * {@code kmupdate -M -i}): what the replacement does besides FileInstall's wait.
     */
    @State(Scope.Benchmark)
    public static class ByHand extends LoadedByHand {
    }

    @Benchmark
    public Object deploy(Directory d) throws Exception {
        Files.move(d.jar, d.fixture.moduleDirectory().resolve(d.name + ".jar"), StandardCopyOption.ATOMIC_MOVE);
        await(() -> d.catalog.entry(d.name).isPresent(), "the registration of " + d.name);
        return d.name;
    }

    @Benchmark
    public Object replace(Deployed d) throws Exception {
        Files.move(d.staging.resolve(RELOADED.name() + ".jar"),
                d.fixture.moduleDirectory().resolve(RELOADED.name() + ".jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        await(() -> d.kernel.query(RELOADED.name()).map(m -> m.id() != d.loadedId).orElse(false),
                "the reload of " + RELOADED.name());
        return d.kernel.query(RELOADED.name()).orElseThrow();
    }

    @Benchmark
    public Object kmupdate(Registered r) throws Exception {
        r.images.configure(RELOADED.name());
        return r.images.update(RELOADED.name(), ModuleImages.When.NOW);
    }

    @Benchmark
    public Object kminstallKmupdate(ByHand h) throws Exception {
        h.catalog.update(h.versions[h.turn]);
        h.images.configure(RELOADED.name());
        return h.images.update(RELOADED.name(), ModuleImages.When.NOW);
    }

    /** @return the two versions of the reloaded module, in the fixture's scratch directory */
    private static Path[] versions(FrameworkFixture fixture) throws Exception {
        Path dir = fixture.scratch("versions");
        ModuleJarWriter writer = new ModuleJarWriter();
        return new Path[] {writer.writeVersion(RELOADED, dir.resolve("a.jar"), "a"),
                writer.writeVersion(RELOADED, dir.resolve("b.jar"), "b")};
    }

    /** Waits, looking every {@link #LOOK_NANOS}, until the condition holds; fails after {@link #TIMEOUT_NANOS}. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + " did not happen within " + TimeUnit.NANOSECONDS.toSeconds(
                        TIMEOUT_NANOS) + " s");
            }
            LockSupport.parkNanos(LOOK_NANOS);
        }
    }
}
