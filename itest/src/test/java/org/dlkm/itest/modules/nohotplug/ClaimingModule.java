package org.dlkm.itest.modules.nohotplug;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A driver of PIIX4 IDE cards (8086:7111) that claims them at load and registers no hot-plug listener, as a driver
 * written before hot-plug: it takes no card inserted later, and releases none while it is loaded.
 */
public final class ClaimingModule implements KernelModule {

    @Override
    public void load(ModuleContext context) {
        context.claimPciDevices(d -> d.vendorId() == 0x8086 && d.deviceId() == 0x7111);
    }

    @Override
    public int unload() {
        return 0;
    }
}
