package org.dlkm.vmklinux.scsi;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.Registration;
import org.dlkm.vmklinux.pci.PciDev;

/**
 * {@code scsi_add_host}: hands a driver's SCSI host to the VMkernel, which names it after the module's tag
 * ({@code vmhba0}) and publishes {@code /proc/vmware/scsi/<name>}. Stateless.
 */
public final class ScsiCore {
    private ScsiCore() {
    }

    /**
     * @param context the driver module's context
     * @param dev the PCI device of the adapter (claimed by the module)
     * @param host the host
     * @return the registration; its name is the kernel's adapter name
     */
    public static Registration addHost(ModuleContext context, PciDev dev, ScsiHost host) throws KernelException {
        return context.registerScsiAdapter(dev.device(), host);
    }
}
