package org.dlkm.itest.modules.nested;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * A module whose {@code load} calls the kernel, as Linux's {@code request_module} does from a module's init. What it
 * does depends on the name it is loaded under:
 * <ul>
 * <li>{@code helper}: demand-loads nfshaper, then publishes {@code /proc/vmware/helper/seen} with what a query of
 * the table says of nfshaper and of itself;</li>
 * <li>{@code helperfail}: demand-loads nfshaper, then fails;</li>
 * <li>{@code selfunload}: tries to unload itself, publishes the refusal at {@code /proc/vmware/selfunload/refusal},
 * and loads;</li>
 * <li>{@code cyclea} / {@code cycleb}: each demand-loads the other, so that the second asks for the first while it
 * loads.</li>
 * </ul>
 */
public final class CallingModule implements KernelModule {

    @Override
    public void load(ModuleContext context) throws Exception {
        KernelService kernel = kernel();
        String name = context.moduleName();
        switch (name) {
            case "helper" -> {
                kernel.demandLoad("nfshaper");
                String seen = "nfshaper " + kernel.query("nfshaper").map(m -> m.state().name()).orElse("absent")
                        + ", helper " + kernel.query("helper").map(m -> m.state().name()).orElse("absent") + "\n";
                context.publishProc("/proc/vmware/helper/seen", () -> seen);
            }
            case "helperfail" -> {
                kernel.demandLoad("nfshaper");
                throw new IllegalStateException("failing after the helper loaded");
            }
            case "selfunload" -> {
                String refusal;
                try {
                    kernel.unload("selfunload");
                    refusal = "none";
                } catch (KernelException e) {
                    refusal = e.getMessage() + " (" + e.errno() + ")";
                }
                String text = refusal + "\n";
                context.publishProc("/proc/vmware/selfunload/refusal", () -> text);
            }
            case "cyclea" -> kernel.demandLoad("cycleb");
            case "cycleb" -> kernel.demandLoad("cyclea");
            default -> throw new IllegalArgumentException("no behaviour for " + name);
        }
    }

    @Override
    public int unload() {
        return 0;
    }

    private KernelService kernel() {
        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceReference<KernelService> ref = bc.getServiceReference(KernelService.class);
        return bc.getService(ref);
    }
}
