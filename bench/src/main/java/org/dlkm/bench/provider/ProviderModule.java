package org.dlkm.bench.provider;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * The module wrapper of the generated provider modules of P2 and P3: its {@code load} registers the module's one
 * service ({@link HashStep}) through its own bundle's context, as an autoloaded module does, and its {@code unload}
 * withdraws it. The raw side's peer bundle does the same work in {@link ProviderActivator}.
 *
 * <p>Threading: the kernel calls it on its module thread, one call at a time.
 */
public final class ProviderModule implements KernelModule {
    private ServiceRegistration<?> registration;

    /** Creates the wrapper; the kernel does this once per load. */
    public ProviderModule() {
        // the service is registered in load
    }

    @Override
    public void load(ModuleContext context) {
        registration = HashStep.register(FrameworkUtil.getBundle(ProviderModule.class).getBundleContext());
    }

    @Override
    public int unload() {
        registration.unregister();
        registration = null;
        return 0;
    }
}
