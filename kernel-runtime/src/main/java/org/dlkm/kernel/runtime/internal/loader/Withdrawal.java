package org.dlkm.kernel.runtime.internal.loader;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleResources;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * The one way a module leaves the kernel, whatever the reason (an unload, the rollback of a request, a kernel
 * shutdown, a bundle stopped or uninstalled behind the kernel's back): what it registered is withdrawn, its row
 * removed, the threads still running its code interrupted, and its bundle stopped, uninstalled and refreshed so that
 * its class loader can go. The loader's undo steps use the same parts.
 *
 * <p>Threading: called with the transition lock held. Never throws: each failure is logged and the rest goes on.
 */
public final class Withdrawal {
    private final ModuleTable table;
    private final FrameworkSeam framework;
    private final ModuleVisibility visibility;
    private final LiveThreads liveThreads;
    private final KernelLog log;
    /** Set when the kernel shuts down: the framework is stopping, so bundles are not refreshed one by one. */
    private volatile boolean shuttingDown;

    public Withdrawal(ModuleTable table, FrameworkSeam framework, ModuleVisibility visibility, LiveThreads liveThreads,
            KernelLog log) {
        this.table = table;
        this.framework = framework;
        this.visibility = visibility;
        this.liveThreads = liveThreads;
        this.log = log;
    }

    /** From now on, bundles are uninstalled without a refresh each: the framework stops and drops them all. */
    public void shuttingDown() {
        shuttingDown = true;
    }

    /**
     * Withdraws a module whose fate is decided.
     *
     * @param how what the kernel log says afterwards ({@code unloaded (ID 2)})
     * @return the names of the threads that still ran the module's code and were interrupted; empty if none
     */
    public List<String> withdraw(LoadedModule module, String how) {
        Set<String> interrupted = new LinkedHashSet<>(releaseResources(module));
        table.leave(module);
        Bundle bundle = module.bundle;
        if (bundle != null) {
            interrupted.addAll(removeBundle(module, bundle));
        }
        module.instance = null;
        module.resources = null;
        module.state = ModuleState.UNLOADED;
        log.log(module.name(), how);
        return List.copyOf(interrupted);
    }

    /**
     * Withdraws everything the module registered, claimed and started through its context.
     *
     * @return the names of the threads of the context that were still running and were interrupted
     */
    List<String> releaseResources(LoadedModule module) {
        ModuleResources resources = module.resources;
        if (resources != null) {
            try {
                return resources.release();
            } catch (RuntimeException e) {
                log.log(module.name(), "withdrawing its resources failed: " + e);
            }
        }
        return List.of();
    }

    /**
     * Interrupts the threads still running the module's code, then stops, uninstalls and refreshes its bundle, and
     * forgets it in the visibility rules.
     *
     * @return the names of the threads interrupted
     */
    List<String> removeBundle(LoadedModule module, Bundle bundle) {
        List<String> interrupted = liveThreads.interrupt(module, bundle, "when " + module.name() + " was withdrawn");
        try {
            framework.stop(bundle);
        } catch (BundleException | RuntimeException e) {
            log.log(module.name(), "stopping bundle " + bundle.getBundleId() + " failed: " + e.getMessage());
        }
        try {
            framework.uninstall(bundle);
        } catch (BundleException | RuntimeException e) {
            log.log(module.name(), "uninstalling bundle " + bundle.getBundleId() + " failed: " + e.getMessage());
        }
        if (!shuttingDown && !framework.refresh(bundle)) {
            log.log(module.name(), "refresh of bundle " + bundle.getBundleId() + " did not finish within "
                    + FelixFramework.REFRESH_TIMEOUT_SECONDS + " s");
        }
        visibility.forget(bundle.getBundleId());
        return interrupted;
    }
}
