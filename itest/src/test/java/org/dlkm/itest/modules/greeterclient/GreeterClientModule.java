package org.dlkm.itest.modules.greeterclient;

import java.util.function.Supplier;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A module that consumes the greeter's service in its own load: it opens a tracker and waits for the service (at
 * most 10 s), which the kernel must autoload while this load runs, then publishes what it got in
 * {@code /proc/vmware/<name>/got} and releases the service.
 */
public final class GreeterClientModule implements KernelModule {

    @Override
    public void load(ModuleContext context) throws Exception {
        BundleContext bundle = FrameworkUtil.getBundle(GreeterClientModule.class).getBundleContext();
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(bundle, bundle.createFilter(
                "(&(objectClass=java.util.function.Supplier)(dlkm.test=greeter))"), null);
        tracker.open();
        String got;
        try {
            Object service = tracker.waitForService(10_000);
            got = service == null ? "nothing" : String.valueOf(((Supplier<?>) service).get());
        } finally {
            tracker.close();
        }
        String answer = got;
        context.publishProc("/proc/vmware/" + context.moduleName() + "/got", () -> answer);
    }

    @Override
    public int unload() {
        return 0;
    }
}
