package org.dlkm.vmklinux.pci;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module that is nothing but one PCI driver, the analogue of Linux's {@code module_pci_driver()}: its load
 * registers the driver (binding every supported device, failing with {@code ENODEV} if there is none) and its
 * unload unregisters it.
 *
 * <p>Threading: the kernel calls load and unload one at a time.
 */
public abstract class PciDriverModule implements KernelModule {
    private PciCore pci;

    /**
     * @param context the module's context, with its validated parameters
     * @return the driver to register
     * @throws Exception to refuse the load
     */
    protected abstract PciDriver createDriver(ModuleContext context) throws Exception;

    @Override
    public final void load(ModuleContext context) throws Exception {
        PciCore core = new PciCore(context);
        core.registerDriver(createDriver(context));
        pci = core;
    }

    @Override
    public final int unload() {
        if (pci != null) {
            pci.unregisterDriver();
            pci = null;
        }
        return 0;
    }
}
