package org.dlkm.driver.e100.internal;

import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleWrapper;
import org.dlkm.vmklinux.pci.PciDriver;
import org.dlkm.vmklinux.pci.PciDriverModule;

/**
 * The e100 module wrapper: registers the Intel EtherExpress Pro/100 PCI driver with vmklinux, which binds every
 * card assigned to the VMkernel. Without any card the load fails, as {@code pci_module_init} does.
 */
@ModuleWrapper
public final class E100Module extends PciDriverModule {

    @Override
    protected PciDriver createDriver(ModuleContext context) {
        E100Settings settings = E100Settings.from(context.parameters());
        if (settings.debug() > 0) {
            context.log("e100: debug level " + settings.debug());
        }
        return new E100Driver(context, settings);
    }
}
