package org.dlkm.bench.provider;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The activator of the raw side's peer of a provider module (P2): the same jar with {@code Bundle-Activator} naming
 * this class instead of {@code DLKM-Module-Class} naming {@link ProviderModule}. Starting the bundle registers the
 * same service, with the same properties, as the module's {@code load}; stopping it withdraws it.
 *
 * <p>Threading: the framework calls it on the thread that starts or stops the bundle.
 */
public final class ProviderActivator implements BundleActivator {
    private ServiceRegistration<?> registration;

    /** Creates the activator; the framework does this once per start. */
    public ProviderActivator() {
        // the service is registered in start
    }

    @Override
    public void start(BundleContext context) {
        registration = HashStep.register(context);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
        registration = null;
    }
}
