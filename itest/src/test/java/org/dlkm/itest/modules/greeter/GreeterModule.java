package org.dlkm.itest.modules.greeter;

import java.util.Hashtable;
import java.util.function.Supplier;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * A module that provides a service, declared in its manifest ({@code Provide-Capability: osgi.service}), so that
 * the kernel autoloads it when a consumer asks for the service: a {@code Supplier} of a greeting, with the property
 * {@code dlkm.test=greeter}. A module named {@code ...fail} refuses to load.
 */
public final class GreeterModule implements KernelModule {
    /** The service's property, which the tests' consumers filter on. */
    public static final String FILTER = "(&(objectClass=java.util.function.Supplier)(dlkm.test=greeter))";

    private ServiceRegistration<?> registration;

    @Override
    public void load(ModuleContext context) throws Exception {
        if (context.moduleName().endsWith("fail")) {
            throw new IllegalStateException(context.moduleName() + " refuses to load");
        }
        BundleContext bundle = FrameworkUtil.getBundle(GreeterModule.class).getBundleContext();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("dlkm.test", "greeter");
        String name = context.moduleName();
        Supplier<String> greeting = () -> "hello from " + name;
        registration = bundle.registerService(Supplier.class.getName(), greeting, properties);
    }

    @Override
    public int unload() {
        try {
            registration.unregister();
        } catch (IllegalStateException gone) {
            // withdrawn with the bundle
        }
        return 0;
    }
}
