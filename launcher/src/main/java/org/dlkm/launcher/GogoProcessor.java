package org.dlkm.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The Gogo runtime's {@code CommandProcessor} service, reached from outside the framework.
 *
 * <p>The launcher does not put Gogo's API on its class path nor export it from the system bundle:
 * that would give the framework two copies of {@code org.apache.felix.service.command} to choose
 * from. It loads the API interfaces from the bundle that registered the service and calls them
 * reflectively, so there is exactly one copy, the runtime bundle's, and every bundle wires to it.
 *
 * <p>Threading: sessions may be opened from any thread; {@link #close} once, when the framework that registered
 * the service is stopping or gone.
 */
final class GogoProcessor implements AutoCloseable {

    static final String PROCESSOR_TYPE = "org.apache.felix.service.command.CommandProcessor";

    private final ServiceTracker<Object, Object> tracker;
    private final Object processor;
    private final Bundle provider;

    private GogoProcessor(ServiceTracker<Object, Object> tracker, Object processor, Bundle provider) {
        this.tracker = tracker;
        this.processor = processor;
        this.provider = provider;
    }

    /** Waits at most {@code timeout} for the service. */
    static GogoProcessor await(BundleContext context, Duration timeout) throws LauncherException, InterruptedException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, PROCESSOR_TYPE, null);
        tracker.open(true);
        Object processor = tracker.waitForService(timeout.toMillis());
        ServiceReference<Object> reference = tracker.getServiceReference();
        if (processor == null || reference == null) {
            tracker.close();
            throw new KernelBootException("no Gogo CommandProcessor service after " + timeout.toSeconds()
                    + " s: is org.apache.felix.gogo.runtime in the distribution's bundles/ and did it start?", null);
        }
        return new GogoProcessor(tracker, processor, reference.getBundle());
    }

    /**
     * A new session reading {@code in} and writing {@code out} and {@code err}: the session's own streams (for a
     * local session the launcher's real ones, captured before Gogo replaced {@code System.out} and
     * {@code System.err}).
     */
    GogoSession openSession(InputStream in, OutputStream out, OutputStream err) throws LauncherException {
        try {
            Class<?> processorType = provider.loadClass(PROCESSOR_TYPE);
            Method createSession = processorType.getMethod("createSession", InputStream.class, OutputStream.class,
                    OutputStream.class);
            return new GogoSession(createSession.invoke(processor, in, out, err), provider::loadClass);
        } catch (InvocationTargetException e) {
            throw new LauncherException("the Gogo runtime could not open a session: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new LauncherException("the Gogo runtime " + provider.getVersion()
                    + " does not offer the CommandProcessor API the launcher calls: " + e, e);
        }
    }

    @Override
    public void close() {
        tracker.close();
    }
}
