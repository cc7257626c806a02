package org.dlkm.kernel.runtime.internal.device;

import java.util.concurrent.Callable;

import org.dlkm.kernel.runtime.internal.table.LoadedModule;

/**
 * Runs module code the device room calls (a driver's hot-plug match, probe and remove) as the loader runs
 * {@code load}: on the kernel's module thread, under its watchdog, with the module's class loader as the thread's
 * context class loader. The wiring connects it to {@code ModuleLoader.runModuleCode}.
 *
 * <p>Threading: called with the transition lock held.
 */
@FunctionalInterface
public interface ModuleCode {

    /**
     * @param module whose code runs
     * @param action what it does, for messages ({@code hot-plug probe of PCI 0:9})
     * @param code the call
     * @return what the code returned
     * @throws Exception what the code threw, or {@code ETIMEDOUT} from the watchdog
     */
    <T> T run(LoadedModule module, String action, Callable<T> code) throws Exception;
}
