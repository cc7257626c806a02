package org.dlkm.kernel.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The module wrapper: the class named by a module jar's {@code DLKM-Module-Class} manifest header, which
 * {@link ModuleWrapper} on the class writes. The kernel creates one instance per load with its public no-argument
 * constructor, and calls {@link #load} once and, if the load succeeded, {@link #unload} when an administrator
 * unloads the module. A module never has a {@code BundleActivator}: only the kernel starts it.
 *
 * <p>Threading: the kernel calls these methods on one thread at a time, never concurrently.
 */
@ConsumerType
public interface KernelModule {

    /**
     * The module's {@code _load()}: claims devices, registers them, publishes proc entries, starts timers. Whatever
     * it registered through the context is withdrawn by the kernel if it throws, so a failing load may simply throw.
     *
     * @param context what the kernel gives this module; valid until the module is unloaded
     * @throws Exception to refuse the load; a {@link org.dlkm.kernel.KernelException} keeps its errno code
     */
    void load(ModuleContext context) throws Exception;

    /**
     * The module's {@code _unload()}: called when nothing depends on the module and none of its devices is open.
     * The module may still refuse, leaving itself loaded and sane. After it returns 0 the kernel withdraws
     * everything the module registered through its context.
     *
     * @return 0 to allow the unload, or an errno number ({@code 16} for EBUSY) that vetoes it; a number that
     *         {@link org.dlkm.kernel.Errno} has no name for is reported as it is
     */
    int unload();
}
