package org.dlkm.kernel.runtime.internal.device;

import java.util.List;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;

/**
 * The kernel's autoload entry point as the device room calls it: load a registered module and what it depends on,
 * as one demand load, for a trigger ({@code device open vmnic0}, {@code PCI hot-plug 0:9 8086:1229}) and a
 * requester ({@code vm1}), synchronously on the caller's thread. The runtime's wiring connects it to the kernel's
 * {@code Autoload} (the autoload room), which checks the switch {@code modautoload}, writes the trace to
 * {@code /proc/vmware/log} and records how the modules were loaded ({@code kmadmin -Q}'s {@code Loaded By}). A seam
 * rather than that class, so that the device room is tested without a kernel.
 *
 * <p>Threading: called from any thread but never from a framework hook or listener; the implementation takes the
 * transition lock.
 */
@FunctionalInterface
public interface DriverAutoload {

    /**
     * @param module the module to load
     * @param trigger what needs it, for the log
     * @param requester who asked, for the log
     * @return the modules loaded, in load order, the module last
     * @throws KernelException why the autoload was refused or failed; nothing of it is left
     */
    List<LoadedModule> load(String module, String trigger, String requester) throws KernelException;
}
