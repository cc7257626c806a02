package org.dlkm.kernel.device;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A device on the simulated PCI bus. The identity fields never change; {@link #owner()} and {@link #claimedBy()}
 * change as modules claim and release the device.
 */
@ProviderType
public interface PciDevice {

    /** @return the bus address */
    PciAddress address();

    /** @return the PCI vendor ID ({@code 0x8086} for Intel) */
    int vendorId();

    /** @return the PCI device ID ({@code 0x1229} for the EtherExpress Pro/100) */
    int deviceId();

    /** @return the device class */
    PciClass deviceClass();

    /** @return the vendor's name for the device */
    String description();

    /** @return who the device is assigned to now */
    PciOwner owner();

    /** @return the module that claimed it, if any */
    Optional<String> claimedBy();
}
