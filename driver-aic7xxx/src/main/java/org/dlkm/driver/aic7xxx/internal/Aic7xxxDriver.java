package org.dlkm.driver.aic7xxx.internal;

import java.util.List;

import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.Registration;
import org.dlkm.vmklinux.pci.PciDev;
import org.dlkm.vmklinux.pci.PciDeviceId;
import org.dlkm.vmklinux.pci.PciDriver;
import org.dlkm.vmklinux.scsi.ScsiCore;

/** The aic7xxx PCI driver: probes each adapter and adds its SCSI host. */
final class Aic7xxxDriver implements PciDriver {
    static final List<PciDeviceId> IDS = List.of(
            new PciDeviceId(0x9004, 0x7895), // AIC-7895 Ultra SCSI
            new PciDeviceId(0x9004, 0x7178), // AHA-2940/2940W / AIC-7871
            new PciDeviceId(0x9004, 0x8178), // AHA-2940U/UW / AIC-7881U
            new PciDeviceId(0x9005, 0x001f), // AIC-7890/1 Ultra2 SCSI
            new PciDeviceId(0x9005, 0x00cf)); // AIC-7899 Ultra160 SCSI

    private final ModuleContext context;
    private final Aic7xxxSettings settings;

    Aic7xxxDriver(ModuleContext context, Aic7xxxSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "aic7xxx";
    }

    @Override
    public List<PciDeviceId> idTable() {
        return IDS;
    }

    @Override
    public void probe(PciDev dev) throws Exception {
        Aic7xxxHost host = new Aic7xxxHost(dev.device().description(), settings,
                (int) context.tunable("aic7xxx_max_targets"));
        Registration registration = ScsiCore.addHost(context, dev, host);
        dev.setDriverData(registration);
        if (settings.verbose()) {
            context.log("aic7xxx: " + registration.name() + " at PCI " + dev.address() + ": " + settings.disks()
                    + " disk(s), queue depth " + settings.tagDepth()
                    + (settings.noReset() ? ", bus not reset" : ", bus reset"));
        }
    }

    @Override
    public void remove(PciDev dev) {
        if (dev.driverData() instanceof Registration r) {
            r.unregister();
            dev.setDriverData(null);
        }
    }
}
