package org.dlkm.kernel.runtime.internal.autoload;

import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.fake;
import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.unsupported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * A generated stub holds its module's service in a field of its own: set by the first call's load, cleared when the
 * service goes, so that the next call loads the module again and no call made after that reaches the old service.
 * The framework is faked: a "load" registers a new service object, whose epoch is the number of loads before it.
 */
class ModuleStub_TargetFieldTest {
    private final Bundle bundle = fake(Bundle.class, "greeter [7]", (p, m, a) -> unsupported("bundle", m.getName()));
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<String> ungot = new CopyOnWriteArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();
    private volatile ServiceReference<?> registered;
    private volatile Epoch service;
    private volatile KernelException failure;

    /** The module's service of one load: doubles its operand, and refuses any call once it is marked gone. */
    private static final class Epoch implements IntUnaryOperator {
        final int epoch;
        final AtomicBoolean gone = new AtomicBoolean();

        Epoch(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public int applyAsInt(int operand) {
            if (gone.get()) {
                throw new AssertionError("the service of load " + epoch + " was called after it went");
            }
            return operand * 2;
        }
    }

    private final BundleContext kernel = fake(BundleContext.class, "kernel", (p, m, a) -> switch (m.getName()) {
    case "getServiceReferences" -> registered == null ? null : new ServiceReference<?>[] {registered};
    case "getService" -> a[0] == registered ? service : null;
    case "ungetService" -> ungot.add(a[0].toString());
    default -> unsupported("kernel", m.getName());
    });

    private final ModuleStub moduleStub = new ModuleStub("greeter", IntUnaryOperator.class, kernel, this::load,
            name -> Optional.ofNullable(registered).map(r -> bundle));

    /** A load of the module: registers a new service object, or fails with {@link #failure}. */
    private void load(Autoload.Demand demand) throws KernelException {
        if (failure != null) {
            throw failure;
        }
        if (registered == null) {
            int epoch = loads.getAndIncrement();
            service = new Epoch(epoch);
            registered = fake(ServiceReference.class, "service of load " + epoch, (p, m, a) -> switch (m.getName()) {
            case "getBundle" -> bundle;
            case "compareTo" -> 0;
            default -> unsupported("reference", m.getName());
            });
        }
    }

    /**
     * An unload of the module, in Felix's order: its service leaves the registry, listeners hear of it (while it can
     * still be called), then the module is gone.
     */
    private void unload() {
        ServiceReference<?> going = registered;
        Epoch old = service;
        registered = null;
        moduleStub.serviceChanged(new ServiceEvent(ServiceEvent.UNREGISTERING, going));
        old.gone.set(true);
    }

    /** @return the generated stub over {@link #moduleStub}, recording each time a call asks for the target */
    private IntUnaryOperator stub() {
        StubClasses.Stub stub = StubClasses.stub(IntUnaryOperator.class, method -> {
            asked.add(method);
            return moduleStub.apply(method);
        }, moduleStub.description()).orElseThrow();
        moduleStub.holdTargetIn(stub.target());
        return (IntUnaryOperator) stub.object();
    }

    @Test
    void theFirstCallLoadsTheModuleAndLaterCallsReadTheFieldWithoutAsking() {
        IntUnaryOperator stub = stub();
        assertEquals(0, loads.get(), "nothing is loaded before a call");

        assertEquals(42, stub.applyAsInt(21));
        assertEquals(44, stub.applyAsInt(22));
        assertEquals(46, stub.applyAsInt(23));

        assertEquals(1, loads.get());
        assertEquals(List.of("applyAsInt"), asked, "only the first call asked the stub for its target");
        assertEquals("stub of java.util.function.IntUnaryOperator for module greeter", stub.toString());
    }

    @Test
    void afterTheServiceGoesTheNextCallLoadsTheModuleAgain() {
        IntUnaryOperator stub = stub();
        stub.applyAsInt(1);

        unload();

        assertEquals(List.of("service of load 0"), ungot, "the stub let the old service go");
        assertEquals(4, stub.applyAsInt(2), "the old service would have thrown");
        assertEquals(2, loads.get());
        assertEquals(List.of("applyAsInt", "applyAsInt"), asked);
        assertEquals(6, stub.applyAsInt(3));
        assertEquals(2, asked.size(), "the field holds the new service");
    }

    @Test
    void theEventOfAnotherServiceLeavesTheFieldAsItIs() {
        IntUnaryOperator stub = stub();
        stub.applyAsInt(1);
        ServiceReference<?> other = fake(ServiceReference.class, "another", (p, m, a) -> unsupported("ref", ""));

        moduleStub.serviceChanged(new ServiceEvent(ServiceEvent.UNREGISTERING, other));
        moduleStub.serviceChanged(new ServiceEvent(ServiceEvent.MODIFIED, registered));

        assertEquals(4, stub.applyAsInt(2));
        assertEquals(1, asked.size());
        assertTrue(ungot.isEmpty());
    }

    @Test
    void aFailedLoadThrowsNamingTheModuleAndLeavesTheFieldNull() {
        IntUnaryOperator stub = stub();
        failure = new KernelException(Errno.EIO, "greeter: load failed");

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> stub.applyAsInt(1));

        assertEquals("greeter: the stub of java.util.function.IntUnaryOperator could not load it: greeter: load failed"
                + " (EIO)", refused.getMessage());
        assertSame(failure, refused.getCause());
        failure = null;
        assertEquals(2, stub.applyAsInt(1), "the next call loads it");
        assertEquals(List.of("applyAsInt", "applyAsInt"), asked);
    }

    @Test
    void aFieldHandedOverAfterTheFirstCallGetsTheTargetAtOnce() {
        IntUnaryOperator stub = stub();
        stub.applyAsInt(1);
        List<Object> field = new ArrayList<>();

        moduleStub.holdTargetIn(field::add);

        assertEquals(List.of(service), field, "a field handed over later gets the target at once");
        unload();
        assertEquals(2, field.size());
        assertEquals(null, field.get(1));
    }

    @Test
    void aProxyStubAsksAtEveryCall() throws Throwable {
        IntUnaryOperator proxy = (IntUnaryOperator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {IntUnaryOperator.class}, moduleStub);

        assertEquals(4, proxy.applyAsInt(2));
        unload();
        assertEquals(6, proxy.applyAsInt(3));

        assertEquals(2, loads.get());
        assertEquals(moduleStub.description(), proxy.toString());
    }

    @Test
    void aCallStartedAfterAnUnloadNeverReachesTheServiceThatWent() throws Exception {
        IntUnaryOperator stub = stub();
        AtomicInteger unloaded = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Runnable caller = () -> {
            while (!stop.get()) {
                int before = unloaded.get();
                try {
                    stub.applyAsInt(1);
                } catch (AssertionError stale) {
                    if (before >= loadsBefore(stale)) {
                        failures.add(stale);
                    }
                } catch (IllegalStateException unloadedMeanwhile) {
                    if (!unloadedMeanwhile.getMessage().contains("registered no")) {
                        failures.add(unloadedMeanwhile);
                    }
                }
            }
        };
        Thread[] callers = {new Thread(caller, "caller 1"), new Thread(caller, "caller 2")};
        for (Thread t : callers) {
            t.start();
        }
        for (int i = 0; i < 500; i++) {
            stub.applyAsInt(1);
            unload();
            unloaded.incrementAndGet();
        }
        stop.set(true);
        for (Thread t : callers) {
            t.join();
        }

        assertEquals(List.of(), failures, "a call that started after the unload that let a service go reached it");
        assertTrue(loads.get() >= 500, "each unload was followed by a load: " + loads.get());
    }

    /** @return the number of unloads after which the service that threw {@code stale} was gone: its epoch plus 1 */
    private static int loadsBefore(AssertionError stale) {
        String text = stale.getMessage();
        int epoch = Integer.parseInt(text.substring("the service of load ".length(), text.indexOf(" was")));
        return epoch + 1;
    }
}
