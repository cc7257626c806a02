package org.dlkm.vmklinux.internal;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleWrapper;

/**
 * The vmklinux module wrapper. vmklinux keeps no state of its own: each driver binds through its own
 * {@link org.dlkm.vmklinux.pci.PciCore}, and the kernel owns the devices. What vmklinux contributes is its exported
 * symbols, which is why it must be loaded with {@code -e}, and why it is busy while a driver uses them.
 */
@ModuleWrapper
public final class VmklinuxModule implements KernelModule {

    @Override
    public void load(ModuleContext context) {
        context.log("Linux driver compatibility layer ready (PCI, net, SCSI)");
    }

    @Override
    public int unload() {
        return 0;
    }
}
