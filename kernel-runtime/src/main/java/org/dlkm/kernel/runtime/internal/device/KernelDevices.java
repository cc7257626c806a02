package org.dlkm.kernel.runtime.internal.device;

import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.device.HotplugResult;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciId;
import org.dlkm.kernel.device.PciOwner;
import org.dlkm.kernel.runtime.internal.pci.PciBus;

/**
 * The {@link DeviceService}: the devices of the {@link DeviceRegistry}, opens that autoload the driver of a device
 * that does not exist yet ({@link DeviceOpenAutoload}), and PCI hot-plug ({@link PciHotplug}).
 *
 * <p>Threading: every method may be called from any thread, never from a framework hook or listener when it may
 * autoload (an open of a device that does not exist, a hot-plug event).
 */
public final class KernelDevices implements DeviceService {
    private final PciBus bus;
    private final DeviceRegistry registry;
    private final DeviceOpenAutoload openAutoload;
    private final PciHotplug hotplug;

    public KernelDevices(PciBus bus, DeviceRegistry registry, ModuleCatalog catalog, DriverAutoload autoload,
            PciHotplug hotplug) {
        this.bus = bus;
        this.registry = registry;
        this.openAutoload = new DeviceOpenAutoload(bus, registry, catalog, autoload);
        this.hotplug = hotplug;
    }

    @Override
    public List<DeviceInfo> devices() {
        return registry.devices();
    }

    @Override
    public Optional<DeviceInfo> device(String name) {
        return registry.device(name);
    }

    @Override
    public DeviceHandle open(String name, String holder) throws KernelException {
        if (holder == null || holder.isBlank()) {
            throw new KernelException(Errno.EINVAL, "opening " + name + ": a holder name is required");
        }
        openAutoload.ensure(name, holder.trim());
        return registry.open(name, holder);
    }

    @Override
    public List<DeviceHandle> handles() {
        return registry.handles();
    }

    @Override
    public List<PciDevice> pciDevices() {
        return bus.devices();
    }

    @Override
    public List<PciDevice> consoleVisibleDevices() {
        return bus.consoleVisible();
    }

    @Override
    public HotplugResult hotplugAdd(PciAddress address, PciId id, PciOwner owner) throws KernelException {
        return hotplug.add(address, id, owner);
    }

    @Override
    public HotplugResult hotplugRemove(PciAddress address) throws KernelException {
        return hotplug.remove(address);
    }
}
