package org.dlkm.kernel.device;

import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's devices and its simulated PCI bus.
 *
 * <p>Threading: every method may be called from any thread.
 */
@ProviderType
public interface DeviceService {

    /** @return every registered device, by name */
    List<DeviceInfo> devices();

    /** @return the device of that name */
    Optional<DeviceInfo> device(String name);

    /**
     * Opens a device. The device's module is busy until the handle is closed. A device that does not exist yet is
     * autoloaded first when the kernel can tell which driver would create it: the registered, configured, loadable
     * module whose {@code $DRIVER_INSTALL} name is the device's tag ({@code vmnic}) and whose {@code $PCI_ID} table
     * matches an unclaimed card assigned to the VMkernel, with the modules it depends on, as a demand load does.
     *
     * @param name the device name
     * @param holder who opens it, named in busy refusals ({@code vm1})
     * @throws KernelException {@code ENODEV} if there is no such device and no driver would create it,
     *         {@code ENFILE} if {@code nfile} handles are open kernel-wide, {@code EMFILE} if the holder has
     *         {@code maxfiles_lim} open, the error of an autoload that failed (nothing of it is left), or the
     *         driver's own error
     */
    DeviceHandle open(String name, String holder) throws KernelException;

    /** @return the open handles, by device name then holder */
    List<DeviceHandle> handles();

    /** @return every device on the PCI bus, by address */
    List<PciDevice> pciDevices();

    /** @return the devices the service console sees: those not assigned exclusively to the VMkernel */
    List<PciDevice> consoleVisibleDevices();

    /**
     * Inserts a card into the running machine (PCI hot-plug). A card for the VMkernel (or shared) is probed by the
     * loaded driver that takes hot-plugged cards it supports; if no loaded driver supports it, the registered,
     * configured, loadable module whose {@code $PCI_ID} table lists it is autoloaded, which claims it. A card for the
     * service console is only inserted. A probe or autoload that fails leaves the card on the bus, unclaimed, and
     * nothing else behind; its error is thrown.
     *
     * @param address a free slot
     * @param id the card's vendor and device ID, one the simulated machine knows
     * @param owner who the card is assigned to
     * @return what happened
     * @throws KernelException {@code EEXIST} if the slot holds a card, {@code ENODEV} if the machine knows no card of
     *         that ID, or the error of the probe or autoload
     * @since 1.2
     */
    HotplugResult hotplugAdd(PciAddress address, PciId id, PciOwner owner) throws KernelException;

    /**
     * Removes a card from the running machine. The driver that claimed it releases it (its device and proc entry go)
     * before the card leaves the bus.
     *
     * @param address the card's slot
     * @return what happened
     * @throws KernelException {@code ENODEV} if the slot is empty; {@code EBUSY} if a device of the card is open
     *         (naming the holder), or its driver does not release hot-plugged cards, or is loading or unloading
     * @since 1.2
     */
    HotplugResult hotplugRemove(PciAddress address) throws KernelException;
}
