package org.dlkm.vmklinux.pci;

import org.dlkm.kernel.device.PciDevice;

/**
 * One entry of a driver's PCI ID table ({@code struct pci_device_id}).
 *
 * @param vendor the vendor ID
 * @param device the device ID
 */
public record PciDeviceId(int vendor, int device) {

    /** @return whether the PCI device has this vendor and device ID */
    public boolean matches(PciDevice pci) {
        return pci.vendorId() == vendor && pci.deviceId() == device;
    }

    @Override
    public String toString() {
        return String.format("%04x:%04x", vendor, device);
    }
}
