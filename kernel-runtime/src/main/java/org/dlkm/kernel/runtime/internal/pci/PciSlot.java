package org.dlkm.kernel.runtime.internal.pci;

import java.util.Objects;

import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciClass;
import org.dlkm.kernel.device.PciOwner;

/**
 * One device as the hardware description file lists it: what sits in a slot and who the installer assigned it to.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param address the bus address
 * @param vendorId the PCI vendor ID, 0x0000-0xfffe
 * @param deviceId the PCI device ID, 0x0000-0xffff
 * @param deviceClass the device class
 * @param owner who the device is assigned to at boot
 * @param description the vendor's name for the device, not blank
 */
public record PciSlot(PciAddress address, int vendorId, int deviceId, PciClass deviceClass, PciOwner owner,
        String description) {

    /** Checks that nothing is null, the IDs are 16-bit and the description is not blank. */
    public PciSlot {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(deviceClass, "deviceClass");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(description, "description");
        if (vendorId < 0 || vendorId >= 0xffff) {
            throw new IllegalArgumentException("PCI vendor ID out of range 0000-fffe: "
                    + Integer.toHexString(vendorId));
        }
        if (deviceId < 0 || deviceId > 0xffff) {
            throw new IllegalArgumentException("PCI device ID out of range 0000-ffff: "
                    + Integer.toHexString(deviceId));
        }
        if (description.isBlank()) {
            throw new IllegalArgumentException("PCI device at " + address + " has a blank description");
        }
    }
}
