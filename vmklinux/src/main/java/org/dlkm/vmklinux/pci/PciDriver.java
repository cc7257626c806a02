package org.dlkm.vmklinux.pci;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A Linux PCI driver ({@code struct pci_driver}): its name, the devices it supports, and what it does when one is
 * bound or unbound.
 *
 * <p>Threading: {@link PciCore} calls probe and remove on the thread that registers or unregisters the driver.
 */
@ConsumerType
public interface PciDriver {

    /** @return the driver name */
    String name();

    /** @return the vendor and device IDs it supports */
    List<PciDeviceId> idTable();

    /**
     * Binds one device: sets it up and registers its network device or SCSI host.
     *
     * @throws Exception to refuse the device; the load of the driver fails
     */
    void probe(PciDev dev) throws Exception;

    /** Unbinds one device. */
    void remove(PciDev dev);
}
