package org.dlkm.kernel.runtime.internal.loader;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.spi.KernelModule;

/**
 * Unloads one module: once the busy rules let it go (checked by the caller, which marks it UNLOADING), its
 * {@code unload} is called on the module thread; 0 lets the kernel withdraw it, an errno keeps it loaded. A forced
 * unload (the rollback of a request, a kernel shutdown, a bundle gone behind the kernel's back) asks the module
 * too, but withdraws it whatever it answers.
 *
 * <p>Threading: called with the transition lock held.
 */
public final class ModuleUnloader {
    private final ModuleTable table;
    private final ModuleLoader loader;
    private final Withdrawal withdrawal;
    private final KernelLog log;

    public ModuleUnloader(ModuleTable table, ModuleLoader loader, Withdrawal withdrawal, KernelLog log) {
        this.table = table;
        this.loader = loader;
        this.withdrawal = withdrawal;
        this.log = log;
    }

    /**
     * Asks a module marked UNLOADING to unload, and withdraws it if it agrees.
     *
     * @return the names of the threads that still ran its code when it was withdrawn, which were interrupted
     * @throws KernelException the module's veto, its failure, or {@code ETIMEDOUT}: it stays loaded
     */
    public List<String> unload(LoadedModule module) throws KernelException {
        int rc;
        try {
            rc = callUnload(module);
        } catch (Throwable t) {
            table.setState(module, ModuleState.LOADED);
            if (t instanceof KernelException e && e.errno() == Errno.ETIMEDOUT) {
                throw new KernelException(Errno.ETIMEDOUT, e.getMessage() + "; it stays loaded", e);
            }
            throw new KernelException(t instanceof OutOfMemoryError ? Errno.ENOMEM : Errno.EIO, module.name()
                    + ": its unload failed and it stays loaded: " + Causes.describe(t), t);
        }
        if (rc != 0) {
            table.setState(module, ModuleState.LOADED);
            log.log(module.name(), "refused to unload: " + Errno.nameOf(rc));
            throw new KernelException(rc, module.name() + ": the module refused to unload; it stays loaded");
        }
        return withdrawal.withdraw(module, "unloaded (ID " + module.id + ")");
    }

    /**
     * Unloads a module whatever it says: its veto or failure is logged, not obeyed.
     *
     * @param occasion why, for the log ({@code while its demand load was rolled back})
     */
    public void forceUnload(LoadedModule module, String occasion) {
        if (module.state == ModuleState.LOADED) {
            table.setState(module, ModuleState.UNLOADING);
        }
        try {
            int rc = callUnload(module);
            if (rc != 0) {
                log.log(module.name(), "refused to unload (" + Errno.nameOf(rc) + ") " + occasion + "; unloaded anyway");
            }
        } catch (Throwable t) {
            log.log(module.name(), "unload failed " + occasion + ": " + Causes.describe(t) + "; unloaded anyway");
        }
        withdrawal.withdraw(module, "unloaded (ID " + module.id + ") " + occasion);
    }

    private int callUnload(LoadedModule module) throws Exception {
        KernelModule instance = module.instance;
        if (instance == null) {
            return 0;
        }
        Integer rc = loader.runModuleCode(module, "unload", instance::unload);
        return rc == null ? 0 : rc;
    }
}
