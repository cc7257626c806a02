package org.dlkm.vmklinux.pci;

import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;

/**
 * A PCI device bound to a Linux driver ({@code struct pci_dev}), with the driver's private data.
 *
 * <p>Threading: the driver data is published safely to other threads (volatile).
 */
public final class PciDev {
    private final PciDevice device;
    private volatile Object driverData;

    PciDev(PciDevice device) {
        this.device = device;
    }

    /** @return the kernel's PCI device */
    public PciDevice device() {
        return device;
    }

    /** @return its bus address */
    public PciAddress address() {
        return device.address();
    }

    /** {@code pci_set_drvdata}. */
    public void setDriverData(Object data) {
        this.driverData = data;
    }

    /** {@code pci_get_drvdata}. */
    public Object driverData() {
        return driverData;
    }
}
