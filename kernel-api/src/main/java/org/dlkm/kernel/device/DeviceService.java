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
     * Opens a device. The device's module is busy until the handle is closed.
     *
     * @param name the device name
     * @param holder who opens it, named in busy refusals ({@code vm1})
     * @throws KernelException {@code ENODEV} if there is no such device, {@code ENFILE} if {@code nfile} handles are
     *         open kernel-wide, {@code EMFILE} if the holder has {@code maxfiles_lim} open, or the driver's own error
     */
    DeviceHandle open(String name, String holder) throws KernelException;

    /** @return the open handles, by device name then holder */
    List<DeviceHandle> handles();

    /** @return every device on the PCI bus, by address */
    List<PciDevice> pciDevices();

    /** @return the devices the service console sees: those not assigned exclusively to the VMkernel */
    List<PciDevice> consoleVisibleDevices();
}
