package org.dlkm.kernel.runtime.internal.busy;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.device.DeviceRegistry;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;

/**
 * Open handles on a module's devices ({@code vmnic0 by vm1}) hold it, for the module types that track opens (WSIO
 * class drivers, STREAMS drivers, as HP-UX says).
 *
 * <p>Threading: any thread; reads the device registry under its lock.
 */
public final class OpenHandles implements HoldSource {
    private final DeviceRegistry devices;

    public OpenHandles(DeviceRegistry devices) {
        this.devices = devices;
    }

    @Override
    public List<String> holders(LoadedModule module) {
        return module.jar.master().type().tracksOpens() ? devices.holders(module) : List.of();
    }

    @Override
    public KernelException refusal(LoadedModule module, List<String> holders) {
        return new KernelException(Errno.EBUSY, module.name() + ": module is busy: "
                + String.join(", ", holders).replace(" by ", " is held open by ")
                + "; close " + (holders.size() == 1 ? "it" : "them") + " first");
    }

    /**
     * Marks the module UNLOADING unless a handle is open, in one step under the device lock, so that no handle
     * can be opened between the check and the mark.
     *
     * @return the holders that keep it; empty if it is now UNLOADING
     */
    List<String> beginUnload(LoadedModule module) {
        return devices.beginUnload(module, module.jar.master().type().tracksOpens());
    }
}
