package org.dlkm.kernel.runtime.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Sends each kernel log line to the OSGi {@link Logger} as well, when a log service is registered: the logger
 * {@code dlkm.kernel} of the runtime bundle, at level info. The log package is an optional import: the
 * {@link Activator} creates this class only when it resolved, so the kernel runs without a log service.
 *
 * <p>Threading: {@link #forward} may be called from any thread; the tracker is thread-safe.
 */
final class OsgiLogForwarder implements KernelLog.Sink {
    static final String LOGGER_NAME = "dlkm.kernel";

    private final ServiceTracker<LoggerFactory, LoggerFactory> factories;

    OsgiLogForwarder(BundleContext context) {
        factories = new ServiceTracker<>(context, LoggerFactory.class, null);
        factories.open();
    }

    @Override
    public void forward(String source, String message) {
        LoggerFactory factory = factories.getService();
        if (factory != null) {
            factory.getLogger(LOGGER_NAME).info(source + ": " + message);
        }
    }

    /** Stops tracking the log service. */
    void close() {
        factories.close();
    }
}
