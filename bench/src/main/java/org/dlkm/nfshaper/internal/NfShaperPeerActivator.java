package org.dlkm.nfshaper.internal;

import java.util.Hashtable;

import org.dlkm.kernel.net.TransmitFilterClass;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The activator of nfshaper's peer bundle (P1, P5): nfshaper written as a plain OSGi bundle instead of a dlkm module,
 * what a user would write without the kernel. Its class file is copied into a copy of the shipped nfshaper jar, beside
 * the module's own classes and in their package, as its author would place it (the benchmark's sources hold it in the
 * same package for that reason only: nothing in the benchmark's JVM loads it). Starting the bundle does the work of
 * the module's {@code load}: it creates the {@link NfShaperClass} transmit filter class (loading the module's class
 * and, for its usage text, its argument rules) and registers it as a {@link TransmitFilterClass} service named by
 * {@value #NAME_PROPERTY}; stopping it withdraws the service, as the kernel does at unload.
 *
 * <p>Threading: the framework calls it on the thread that starts or stops the bundle.
 */
public final class NfShaperPeerActivator implements BundleActivator {
    /** The service property naming the filter class, as the kernel's filter room names it. */
    public static final String NAME_PROPERTY = "dlkm.filter";
    /** The service property holding the class's usage text, which the module's load writes to the kernel log. */
    public static final String USAGE_PROPERTY = "dlkm.filter.usage";

    private ServiceRegistration<TransmitFilterClass> registration;

    /** Creates the activator; the framework does this once per start. */
    public NfShaperPeerActivator() {
        // the filter class is registered in start
    }

    @Override
    public void start(BundleContext context) {
        NfShaperClass filterClass = new NfShaperClass();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(NAME_PROPERTY, filterClass.name());
        properties.put(USAGE_PROPERTY, filterClass.usage());
        registration = context.registerService(TransmitFilterClass.class, filterClass, properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
        registration = null;
    }
}
