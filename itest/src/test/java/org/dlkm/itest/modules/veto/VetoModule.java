package org.dlkm.itest.modules.veto;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module that refuses to unload (returns EBUSY from its unload) until "1" is written to
 * {@code /proc/vmware/veto/allow}, as a module does that decides for itself whether it is in use.
 */
public final class VetoModule implements KernelModule {
    private volatile boolean allowed;
    private volatile int veto = Errno.EBUSY.number();

    @Override
    public void load(ModuleContext context) throws Exception {
        context.publishProc("/proc/vmware/veto/allow", () -> (allowed ? "1" : "0") + "\n", text -> {
            if (!text.trim().equals("1") && !text.trim().equals("0")) {
                throw new KernelException(Errno.EINVAL, "write 1 to allow the unload, 0 to refuse it");
            }
            allowed = text.trim().equals("1");
        });
        context.publishProc("/proc/vmware/veto/errno", () -> veto + "\n", text -> veto = Integer.parseInt(text.trim()));
    }

    @Override
    public int unload() {
        return allowed ? 0 : veto;
    }
}
