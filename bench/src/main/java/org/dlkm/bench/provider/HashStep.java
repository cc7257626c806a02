package org.dlkm.bench.provider;

import java.util.Hashtable;
import java.util.function.IntUnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The service of the generated provider modules (P2, P3): an {@link IntUnaryOperator} doing one step of a
 * multiplicative hash, cheap and deterministic, so that a call measures the way to the service and the JIT cannot
 * fold the result away. Its class file is copied, with the rest of this package, into each provider jar, in a
 * package the jar keeps private; the module wrapper ({@link ProviderModule}) and the activator of the raw side's peer
 * bundle ({@link ProviderActivator}) both register it through {@link #register}, with the same properties.
 *
 * <p>Stateless; safe from any thread. Uses only the Java platform and {@code org.osgi.framework}, which every
 * provider jar imports: no lambda, no nested class, so that the package's three class files are the whole code.
 */
public final class HashStep implements IntUnaryOperator {
    /** The object class the service is registered under, and the provider modules declare. */
    public static final String SERVICE = "java.util.function.IntUnaryOperator";
    /** The property every provider's service carries, with the value {@value #VALUE}. */
    public static final String PROPERTY = "dlkm.bench.service";
    /** The value of {@link #PROPERTY}. */
    public static final String VALUE = "hash-step";
    /** The filter matching a provider's own service, never a kernel stub (which lacks {@link #PROPERTY}). */
    public static final String FILTER = "(&(objectClass=" + SERVICE + ")(" + PROPERTY + "=" + VALUE + "))";

    private static final int GOLDEN = 0x9E3779B9;

    /** Creates the service; each registration has its own. */
    public HashStep() {
        // stateless
    }

    @Override
    public int applyAsInt(int operand) {
        int h = operand * GOLDEN;
        return h ^ (h >>> 15);
    }

    /**
     * Registers a new {@code HashStep} under {@value #SERVICE} with {@value #PROPERTY}={@value #VALUE}.
     *
     * @param context the registering bundle's context
     * @return the registration, for the module's unload or the activator's stop
     */
    public static ServiceRegistration<?> register(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PROPERTY, VALUE);
        return context.registerService(SERVICE, new HashStep(), properties);
    }
}
