package org.dlkm.vmklinux.pci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.PciHotplugListener;

/**
 * The PCI core of vmklinux for one driver module: {@code pci_register_driver} and {@code pci_unregister_driver}.
 * It claims the devices the driver's ID table matches through the module's context (so the kernel releases them
 * when the module goes) and probes each; then it takes PCI hot-plug for the driver: a card of its ID table
 * inserted later is probed, and one removed is given to the driver's {@code remove}, as Linux's PCI core does.
 *
 * <p>Threading: not thread-safe, and needs not be: the kernel calls a module's {@code load}, {@code unload} and
 * hot-plug listener one at a time on its module thread.
 */
public final class PciCore {
    private final ModuleContext context;
    private final List<PciDev> bound = new ArrayList<>();
    private PciDriver driver;

    /** @param context the driver module's context */
    public PciCore(ModuleContext context) {
        this.context = context;
    }

    /**
     * Registers the driver: claims every matching device the VMkernel may drive and probes it, as
     * {@code pci_module_init} does.
     *
     * @return the number of devices bound
     * @throws KernelException {@code ENODEV} if no device matched (a driver with no devices does not load), or
     *         the error of a probe that failed
     */
    public int registerDriver(PciDriver driver) throws KernelException {
        if (this.driver != null) {
            throw new KernelException(Errno.EEXIST, driver.name() + ": PCI driver already registered");
        }
        List<PciDeviceId> ids = List.copyOf(driver.idTable());
        List<PciDevice> devices = context.claimPciDevices(d -> ids.stream().anyMatch(id -> id.matches(d)));
        if (devices.isEmpty()) {
            throw new KernelException(Errno.ENODEV, driver.name() + ": no supported PCI device (" + ids
                    + ") is assigned to the VMkernel or named with -d");
        }
        this.driver = driver;
        for (PciDevice d : devices) {
            PciDev dev = new PciDev(d);
            try {
                driver.probe(dev);
            } catch (KernelException e) {
                throw e;
            } catch (Exception e) {
                throw new KernelException(Errno.EIO, driver.name() + ": probe of PCI " + d.address() + " failed: " + e, e);
            }
            bound.add(dev);
            context.log(driver.name() + ": bound PCI " + d.address() + " " + d.description());
        }
        context.onPciHotplug(d -> ids.stream().anyMatch(id -> id.matches(d)), new PciHotplugListener() {
            @Override
            public void deviceAdded(PciDevice device) throws Exception {
                hotplugAdded(device);
            }

            @Override
            public void deviceRemoved(PciDevice device) {
                hotplugRemoved(device);
            }
        });
        return bound.size();
    }

    /** A card of the driver's table was inserted and claimed for it: probe it, as at registration. */
    private void hotplugAdded(PciDevice device) throws Exception {
        PciDev dev = new PciDev(device);
        driver.probe(dev);
        bound.add(dev);
        context.log(driver.name() + ": bound hot-plugged PCI " + device.address() + " " + device.description());
    }

    /** One of the driver's cards is being removed: unbind it. */
    private void hotplugRemoved(PciDevice device) {
        for (PciDev dev : List.copyOf(bound)) {
            if (dev.address().equals(device.address())) {
                driver.remove(dev);
                bound.remove(dev);
                context.log(driver.name() + ": released PCI " + device.address() + " " + device.description());
            }
        }
    }

    /** Unregisters the driver: removes every bound device, newest first. */
    public void unregisterDriver() {
        if (driver == null) {
            return;
        }
        List<PciDev> devs = new ArrayList<>(bound);
        Collections.reverse(devs);
        for (PciDev dev : devs) {
            driver.remove(dev);
        }
        bound.clear();
        driver = null;
    }

    /** @return the devices bound, by address */
    public List<PciDev> boundDevices() {
        return List.copyOf(bound);
    }
}
