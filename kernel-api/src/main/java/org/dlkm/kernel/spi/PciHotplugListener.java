package org.dlkm.kernel.spi;

import org.dlkm.kernel.device.PciDevice;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver's side of PCI hot-plug (Linux's {@code probe} and {@code remove} of a {@code pci_driver} after
 * {@code pci_register_driver}): what the kernel calls when a card the driver supports is inserted into the running
 * machine, or when one of its cards is removed. Registered with {@link ModuleContext#onPciHotplug}.
 *
 * <p>Threading: the kernel calls these methods on its module thread, under its watchdog, one at a time and never
 * concurrently with the module's {@code load} or {@code unload}; never inside a framework callback.
 *
 * @since 1.3
 */
@ConsumerType
public interface PciHotplugListener {

    /**
     * A card arrived that the driver's match accepts and that no other driver took; the kernel has claimed it for
     * this module. The driver binds it: registers its network device or SCSI adapter through the context.
     *
     * @param device the new card, claimed by this module
     * @throws Exception to refuse the card: the kernel withdraws every device the module registered for it and
     *         releases it; the card stays on the bus unclaimed. A {@link org.dlkm.kernel.KernelException} keeps its
     *         errno code
     */
    void deviceAdded(PciDevice device) throws Exception;

    /**
     * One of the module's cards is being removed: none of its devices is open. The driver unbinds it (stops it,
     * unregisters its device); afterwards the kernel withdraws whatever the module left registered for it and
     * releases the card.
     *
     * @param device the card, still claimed by this module
     */
    void deviceRemoved(PciDevice device);
}
