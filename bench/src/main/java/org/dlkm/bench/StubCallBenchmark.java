package org.dlkm.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import org.dlkm.bench.provider.HashStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * P3: a call through a stub once its module is loaded, against a call on the same service got from a
 * {@link ServiceTracker}. One kernel serves both: the provider module with stubs ({@link ProviderSpec}, registered in
 * the kernel home before boot, since stubs are made at boot) has its stub for {@value HashStep#SERVICE}; setup calls
 * through the stub once, which loads the module, and opens a tracker on the module's own service
 * ({@link HashStep#FILTER}, which the stub does not match).
 * <ul>
 * <li>dlkm: {@code stub.applyAsInt(x)} on the stub the consumer got from the registry: the class the kernel generated
 * for the interface reads the module's {@link HashStep} from the stub's field and calls it.</li>
 * <li>direct: {@code tracker.getService()} then {@code applyAsInt(x)} on what it returns: the same {@link HashStep}
 * object and method.</li>
 * </ul>
 * The argument is a non-final field of a state object, so that the JIT cannot fold the call; each result goes to a
 * {@link Blackhole}.
 *
 * <p>Two more measurements, not in the ratio, split the stub's cost by parts, forwarding to the same {@link HashStep}:
 * {@code proxyCast}, a {@link Proxy} of the same interface whose handler reads the target from a volatile field and
 * calls it with a cast instead of {@link Method#invoke}; and {@code classStub}, a plain class doing that without a
 * proxy ({@link ClassStub}), as a stub class generated for the interface would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StubCallBenchmark {
    /** The generated provider module, with stubs. */
    static final ProviderSpec PROVIDER = new ProviderSpec("stubprovider", true);

    /** A kernel whose provider module was loaded by a first call through its stub. */
    @State(Scope.Benchmark)
    public static class Loaded {
        FrameworkFixture fixture;
        IntUnaryOperator stub;
        ServiceTracker<IntUnaryOperator, IntUnaryOperator> tracker;
        IntUnaryOperator classStub;
        IntUnaryOperator proxyCast;

        @Setup(Level.Trial)
        public void boot() throws Exception {
            fixture = FrameworkFixture.kernel(Distribution.locate(), List.of(), home -> {
                Path dir = Files.createDirectories(home.resolveSibling("generated"));
                SyntheticCatalog.registerBeforeBoot(home, List.of(new ModuleJarWriter().writeProviderModule(PROVIDER,
                        dir)));
            });
            BundleContext consumer = fixture.framework().context();
            stub = stubOf(consumer);
            int first = stub.applyAsInt(1);
            if (fixture.kernel().query(PROVIDER.name()).isEmpty()) {
                throw new IllegalStateException("the first call through the stub did not load " + PROVIDER.name());
            }
            tracker = new ServiceTracker<>(consumer, consumer.createFilter(HashStep.FILTER), null);
            tracker.open();
            IntUnaryOperator direct = tracker.getService();
            if (direct == null || direct == stub || direct.applyAsInt(1) != first) {
                throw new IllegalStateException("the tracker does not have the module's own service: " + direct);
            }
            classStub = new ClassStub(direct);
            proxyCast = (IntUnaryOperator) Proxy.newProxyInstance(IntUnaryOperator.class.getClassLoader() == null
                    ? StubCallBenchmark.class.getClassLoader() : IntUnaryOperator.class.getClassLoader(),
                    new Class<?>[] {IntUnaryOperator.class}, new CastingHandler(new ClassStub(direct)));
        }

        private static IntUnaryOperator stubOf(BundleContext consumer) throws Exception {
            Collection<ServiceReference<IntUnaryOperator>> stubs = consumer.getServiceReferences(
                    IntUnaryOperator.class, "(dlkm.stub=" + PROVIDER.name() + ")");
            if (stubs.size() != 1) {
                throw new IllegalStateException("expected one stub of " + PROVIDER.name() + ", found " + stubs.size()
                        + ": see the kernel's log (/proc/vmware/log) for why");
            }
            return consumer.getService(stubs.iterator().next());
        }

        @TearDown(Level.Trial)
        public void shutdown() throws Exception {
            if (tracker != null) {
                tracker.close();
            }
            fixture.close();
        }
    }

    /** The operand of every call. */
    @State(Scope.Thread)
    public static class Operand {
        public int value = 0x5EED;
    }

    @Benchmark
    public void dlkm(Loaded s, Operand o, Blackhole bh) {
        bh.consume(s.stub.applyAsInt(o.value));
    }

    @Benchmark
    public void direct(Loaded s, Operand o, Blackhole bh) {
        bh.consume(s.tracker.getService().applyAsInt(o.value));
    }

    @Benchmark
    public void proxyCast(Loaded s, Operand o, Blackhole bh) {
        bh.consume(s.proxyCast.applyAsInt(o.value));
    }

    @Benchmark
    public void classStub(Loaded s, Operand o, Blackhole bh) {
        bh.consume(s.classStub.applyAsInt(o.value));
    }

    /** What a stub class generated for the interface would do once its module is loaded: a volatile read, a call. */
    static final class ClassStub implements IntUnaryOperator {
        private volatile IntUnaryOperator target;

        ClassStub(IntUnaryOperator target) {
            this.target = target;
        }

        @Override
        public int applyAsInt(int operand) {
            return target.applyAsInt(operand);
        }
    }

    /** A proxy's handler that calls its target with a cast, not by reflection; for the interface's one method. */
    static final class CastingHandler implements InvocationHandler {
        private final IntUnaryOperator target;

        CastingHandler(IntUnaryOperator target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            return target.applyAsInt((Integer) args[0]);
        }
    }
}
