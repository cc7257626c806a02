package org.dlkm.vmklinux.internal;

import org.dlkm.kernel.KernelException;
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
    /** The static tunable that says whether vmklinux publishes {@code /proc/vmware/vmklinux}. */
    static final String PROCFS_TUNABLE = "vmklinux_procfs";

    @Override
    public void load(ModuleContext context) throws KernelException {
        if (context.tunable(PROCFS_TUNABLE) != 0) {
            context.publishProc("/proc/vmware/" + context.moduleName(), () -> "Linux driver compatibility layer\n"
                    + "PCI:  org.dlkm.vmklinux.pci (pci_register_driver, probe, remove)\n"
                    + "Net:  org.dlkm.vmklinux.net (register_netdev, hard_start_xmit)\n"
                    + "SCSI: org.dlkm.vmklinux.scsi (scsi_add_host, queuecommand)\n");
        }
        context.log("Linux driver compatibility layer ready (PCI, net, SCSI)");
    }

    @Override
    public int unload() {
        return 0;
    }
}
