package org.dlkm.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlkm.bench.provider.HashStep;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * P2: a cold autoload through a service demand. Both sides time the same consumer: a {@link ServiceTracker} on the
 * provider's service ({@link HashStep#FILTER}), opened by the system bundle's context, from {@code open()} to
 * {@code waitForService} returning the service.
 * <ul>
 * <li>dlkm: the provider module ({@link ProviderSpec}, no stubs) is registered with {@code ModuleCatalog.install}
 * ({@code kminstall -a}) and not loaded; the tracker's opening is the demand: the kernel's listener hook hands it to
 * its autoload thread, which demand-loads the module, whose {@code load} registers the service.</li>
 * <li>raw: the tracker is opened, then Felix installs the provider's raw peer (the same jar with a
 * {@code Bundle-Activator} registering the same service) from an input stream, resolves and starts it, as
 * {@link RawLifecycle} does for P1; the tracker has seen the service when {@code start} returns.</li>
 * </ul>
 * Not measured, after each invocation: the tracker is closed (releasing the service) and the module unloaded (dlkm:
 * {@link KernelService#unload}, which waits for the autoload's request to finish first) or the bundle stopped,
 * uninstalled and refreshed (raw). dlkm's time ends when the consumer has the service, which the module registers
 * before its {@code load} returns: the kernel's bookkeeping after that is in neither side's figure. Before each dlkm
 * invocation, a late autoload of the module (the second demand of the previous tracker's opening, served after the
 * unload) is undone and counted, so that every timed invocation starts cold.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AutoloadBenchmark {
    /** The generated provider module. */
    static final ProviderSpec PROVIDER = new ProviderSpec("provider", false);
    /** How long a consumer waits for the service before the invocation fails. */
    private static final long SERVICE_TIMEOUT_MILLIS = 10_000;

    /** A kernel with the provider module registered, not loaded. */
    @State(Scope.Benchmark)
    public static class Kernel {
        FrameworkFixture fixture;
        KernelService kernel;
        BundleContext consumer;
        ServiceTracker<Object, Object> tracker;
        int lateLoads;
        int invocations;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.kernel(Distribution.locate(), List.of(), home -> { });
            kernel = fixture.kernel();
            Path jar = new ModuleJarWriter().writeProviderModule(PROVIDER, fixture.scratch("generated"));
            fixture.framework().catalog().install(jar);
            consumer = fixture.framework().context();
        }

        /**
         * Makes sure the module is not loaded before the invocation: a tracker's opening is two demands (its listener
         * and its first lookup), and the second, served after the first loaded the module, can load it again after
         * the teardown unloaded it. Such a late load is unloaded here, not timed, and counted.
         */
        @Setup(Level.Invocation)
        public void cold() throws Exception {
            invocations++;
            if (kernel.query(PROVIDER.name()).isPresent()) {
                lateLoads++;
                kernel.unload(PROVIDER.name());
            }
        }

        /** Releases the service and unloads the module, so that the next invocation autoloads it again. */
        @TearDown(Level.Invocation)
        public void unload() throws Exception {
            if (tracker != null) {
                tracker.close();
                tracker = null;
            }
            kernel.unload(PROVIDER.name());
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            if (lateLoads > 0) {
                System.out.println("P2: " + lateLoads + " late autoloads of " + PROVIDER.name() + " in " + invocations
                        + " invocations (after the teardown's unload; unloaded before the next invocation)");
            }
            fixture.close();
        }
    }

    /** Raw Felix with the provider's raw peer written. */
    @State(Scope.Benchmark)
    public static class Raw {
        FrameworkFixture fixture;
        RawLifecycle felix;
        BundleContext consumer;
        Path jar;
        ServiceTracker<Object, Object> tracker;
        Bundle bundle;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.raw(Distribution.locate(), List.of());
            felix = new RawLifecycle(fixture.framework().context());
            jar = new ModuleJarWriter().writeProviderBundle(PROVIDER, fixture.scratch("generated"));
            consumer = fixture.framework().context();
        }

        /** Releases the service and removes the bundle. */
        @TearDown(Level.Invocation)
        public void remove() throws Exception {
            if (tracker != null) {
                tracker.close();
                tracker = null;
            }
            if (bundle != null) {
                felix.stopUninstallRefresh(bundle);
                bundle = null;
            }
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            fixture.close();
        }
    }

    @Benchmark
    public Object dlkm(Kernel k) throws Exception {
        k.tracker = open(k.consumer);
        return arrived(k.tracker);
    }

    @Benchmark
    public Object raw(Raw r) throws Exception {
        r.tracker = open(r.consumer);
        r.bundle = r.felix.installResolveStart(r.jar);
        return arrived(r.tracker);
    }

    /** @return an open tracker of the provider's service */
    static ServiceTracker<Object, Object> open(BundleContext consumer) throws InvalidSyntaxException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(consumer, consumer.createFilter(
                HashStep.FILTER), null);
        tracker.open();
        return tracker;
    }

    /** @return the service, once the tracker has it */
    private static Object arrived(ServiceTracker<Object, Object> tracker) throws InterruptedException {
        Object service = tracker.waitForService(SERVICE_TIMEOUT_MILLIS);
        if (service == null) {
            throw new IllegalStateException("no " + HashStep.SERVICE + " arrived within " + SERVICE_TIMEOUT_MILLIS
                    + " ms of the tracker's opening");
        }
        return service;
    }
}
