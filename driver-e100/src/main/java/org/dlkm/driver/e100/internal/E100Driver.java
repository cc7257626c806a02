package org.dlkm.driver.e100.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleTimer;
import org.dlkm.kernel.spi.Registration;
import org.dlkm.vmklinux.net.NetCore;
import org.dlkm.vmklinux.pci.PciDev;
import org.dlkm.vmklinux.pci.PciDeviceId;
import org.dlkm.vmklinux.pci.PciDriver;

/**
 * The e100 PCI driver: probes each EtherExpress Pro/100 card, registers its interface and starts its two-second
 * watchdog, as the Linux driver does.
 */
final class E100Driver implements PciDriver {
    static final List<PciDeviceId> IDS = List.of(
            new PciDeviceId(0x8086, 0x1229), // 82557/8/9 [Ethernet Pro 100]
            new PciDeviceId(0x8086, 0x2449), // 82801BA/BAM/CA/CAM Ethernet Controller
            new PciDeviceId(0x8086, 0x1209)); // 8255xER/82551IT Fast Ethernet Controller

    private record Bound(E100NetDev netdev, Registration registration, ModuleTimer watchdog) {
    }

    private final ModuleContext context;
    private final E100Settings settings;

    E100Driver(ModuleContext context, E100Settings settings) {
        this.context = context;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "e100";
    }

    @Override
    public List<PciDeviceId> idTable() {
        return IDS;
    }

    @Override
    public void probe(PciDev dev) throws Exception {
        E100NetDev netdev = new E100NetDev(dev.address(), settings);
        Registration registration = NetCore.registerNetdev(context, dev, netdev);
        ModuleTimer watchdog = context.schedule(netdev::watchdog, 2, 2, TimeUnit.SECONDS);
        dev.setDriverData(new Bound(netdev, registration, watchdog));
        if (settings.debug() >= 1) {
            context.log("e100: " + registration.name() + " at PCI " + dev.address() + ", MAC " + netdev.macAddress());
        }
    }

    @Override
    public void remove(PciDev dev) {
        if (dev.driverData() instanceof Bound b) {
            b.watchdog().cancel();
            b.registration().unregister();
            dev.setDriverData(null);
        }
    }
}
