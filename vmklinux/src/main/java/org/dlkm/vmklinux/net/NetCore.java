package org.dlkm.vmklinux.net;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.Registration;
import org.dlkm.vmklinux.pci.PciDev;

/**
 * {@code register_netdev}: hands a driver's network device to the VMkernel, which names it after the module's tag
 * ({@code vmnic0}) and publishes {@code /proc/vmware/net/<name>}. Stateless.
 */
public final class NetCore {
    private NetCore() {
    }

    /**
     * @param context the driver module's context
     * @param dev the PCI device the interface belongs to (claimed by the module)
     * @param netdev the interface
     * @return the registration; its name is the kernel's device name
     */
    public static Registration registerNetdev(ModuleContext context, PciDev dev, NetDev netdev) throws KernelException {
        return context.registerNetworkDevice(dev.device(), netdev);
    }
}
