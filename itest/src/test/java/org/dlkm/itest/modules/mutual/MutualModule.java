package org.dlkm.itest.modules.mutual;

import java.util.Hashtable;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Two modules that need each other's service in their load, before they register their own: {@code pinga}
 * provides an {@code IntSupplier} and waits for a {@code LongSupplier}, {@code pingb} the other way round (each
 * declares what it provides). Autoloading one from the other's load must end in {@code EDEADLK}, not a hang: each
 * waits at most 2 s and then refuses to load.
 */
public final class MutualModule implements KernelModule {

    @Override
    public void load(ModuleContext context) throws Exception {
        boolean a = context.moduleName().equals("pinga");
        Class<?> wanted = a ? LongSupplier.class : IntSupplier.class;
        BundleContext bundle = FrameworkUtil.getBundle(MutualModule.class).getBundleContext();
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(bundle, wanted.getName(), null);
        tracker.open();
        try {
            if (tracker.waitForService(2_000) == null) {
                throw new IllegalStateException(context.moduleName() + ": no " + wanted.getSimpleName()
                        + " arrived within 2 s");
            }
        } finally {
            tracker.close();
        }
        Object mine = a ? (IntSupplier) () -> 1 : (LongSupplier) () -> 2L;
        bundle.registerService(a ? IntSupplier.class.getName() : LongSupplier.class.getName(), mine,
                new Hashtable<>());
    }

    @Override
    public int unload() {
        return 0;
    }
}
