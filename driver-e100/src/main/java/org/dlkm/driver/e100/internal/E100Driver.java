package org.dlkm.driver.e100.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleTimer;
import org.dlkm.kernel.spi.Registration;
import org.dlkm.vmklinux.net.NetCore;
import org.dlkm.vmklinux.pci.PciDev;
import org.dlkm.vmklinux.pci.PciDeviceId;
import org.dlkm.vmklinux.pci.PciDriver;

/**
 * The e100 PCI driver: probes each EtherExpress Pro/100 card, registers its interface and starts its watchdog, every
 * two seconds as the Linux driver does unless the dynamic tunable {@value #WATCHDOG_TUNABLE} says otherwise; a change
 * of it reschedules every card's watchdog at once.
 *
 * <p>Threading: probe and remove run on the kernel's module thread; the tunable's listener on the module's timer
 * lane; the bound cards are guarded by this object.
 */
final class E100Driver implements PciDriver {
    static final List<PciDeviceId> IDS = List.of(
            new PciDeviceId(0x8086, 0x1229), // 82557/8/9 [Ethernet Pro 100]
            new PciDeviceId(0x8086, 0x2449), // 82801BA/BAM/CA/CAM Ethernet Controller
            new PciDeviceId(0x8086, 0x1209)); // 8255xER/82551IT Fast Ethernet Controller

    /** The dynamic tunable that sets the watchdog's period, in milliseconds. */
    static final String WATCHDOG_TUNABLE = "e100_watchdog_ms";

    /** A bound card; its watchdog is replaced when the period changes. */
    private static final class Bound {
        final E100NetDev netdev;
        final Registration registration;
        ModuleTimer watchdog;

        Bound(E100NetDev netdev, Registration registration) {
            this.netdev = netdev;
            this.registration = registration;
        }
    }

    private final ModuleContext context;
    private final E100Settings settings;
    private final List<Bound> bound = new ArrayList<>();

    E100Driver(ModuleContext context, E100Settings settings) {
        this.context = context;
        this.settings = settings;
        context.onTunableChange((name, oldValue, newValue) -> {
            if (name.equals(WATCHDOG_TUNABLE)) {
                rescheduleWatchdogs(newValue);
            }
        });
    }

    private synchronized void rescheduleWatchdogs(long periodMillis) {
        for (Bound b : bound) {
            b.watchdog.cancel();
            try {
                startWatchdog(b, periodMillis);
            } catch (KernelException e) {
                context.log("e100: " + b.registration.name() + ": watchdog not restarted: " + e.getMessage());
            }
        }
        context.log("e100: watchdog period now " + periodMillis + " ms");
    }

    private void startWatchdog(Bound b, long periodMillis) throws KernelException {
        b.netdev.watchdogPeriod(periodMillis);
        b.watchdog = context.schedule(b.netdev::watchdog, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
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
        Bound b = new Bound(netdev, registration);
        synchronized (this) {
            startWatchdog(b, context.tunable(WATCHDOG_TUNABLE));
            bound.add(b);
        }
        dev.setDriverData(b);
        if (settings.debug() >= 1) {
            context.log("e100: " + registration.name() + " at PCI " + dev.address() + ", MAC " + netdev.macAddress());
        }
    }

    @Override
    public void remove(PciDev dev) {
        if (dev.driverData() instanceof Bound b) {
            synchronized (this) {
                bound.remove(b);
                b.watchdog.cancel();
            }
            b.registration.unregister();
            dev.setDriverData(null);
        }
    }
}
