package org.dlkm.driver.aic7xxx.internal;

import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleWrapper;
import org.dlkm.vmklinux.pci.PciDriver;
import org.dlkm.vmklinux.pci.PciDriverModule;

/**
 * The aic7xxx module wrapper: registers the Adaptec AIC-7xxx PCI driver with vmklinux, which binds every adapter
 * assigned to the VMkernel and any console adapter named with {@code -d}, which becomes shared.
 */
@ModuleWrapper
public final class Aic7xxxModule extends PciDriverModule {

    @Override
    protected PciDriver createDriver(ModuleContext context) {
        return new Aic7xxxDriver(context, Aic7xxxSettings.from(context.parameters()));
    }
}
