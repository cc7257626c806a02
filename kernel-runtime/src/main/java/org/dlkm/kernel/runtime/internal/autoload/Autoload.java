package org.dlkm.kernel.runtime.internal.autoload;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.demand.DemandLoader;
import org.dlkm.kernel.runtime.internal.loader.Requests;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.dlkm.kernel.runtime.internal.tune.KernelLimits;

/**
 * Autoload: the kernel loads a module by itself because something needs it (a service asked for, a device opened,
 * a card plugged in, a call through a stub), as HP-UX does when "the kernel detects a particular loadable module is
 * required to accomplish some task". The load is a demand load ({@code kmadmin -L}): the module and every
 * registered module it needs, checked against their system files, as one request that is undone whole if a step
 * fails. Each autoload is written to {@code /proc/vmware/log} with its trigger and requester, and the modules it
 * loads say so in {@code kmadmin -Q} ("Loaded By"). The dynamic kernel tunable {@code modautoload} turns it off: a
 * demand is then logged and refused.
 *
 * <p>Threading: {@link #load} runs on the caller's thread and may wait for the transition lock, so it is never
 * called from a framework hook or listener (the service hooks hand their demands to {@link AutoloadQueue}).
 */
public final class Autoload {
    /**
     * What a module is autoloaded for.
     *
     * @param module the registered module to load
     * @param trigger what needs it ({@code service org.acme.Greeter}, {@code device open vmnic0})
     * @param requester who asked ({@code vm1}, {@code bundle org.acme.client [23]}, {@code module greeter})
     */
    public record Demand(String module, String trigger, String requester) {
        @Override
        public String toString() {
            return module + " for " + requester + " (" + trigger + ")";
        }
    }

    private final Requests requests;
    private final DemandLoader demand;
    private final ModuleTable table;
    private final KernelLimits limits;
    private final TransitionLock lock;
    private final KernelLog log;

    public Autoload(Requests requests, DemandLoader demand, ModuleTable table, KernelLimits limits, KernelLog log) {
        this.requests = requests;
        this.demand = demand;
        this.table = table;
        this.limits = limits;
        this.lock = table.lock();
        this.log = log;
    }

    /**
     * @return whether autoload is on: the tunable {@code modautoload} is 1, or the kernel master file of an older
     *     home does not declare it
     */
    public boolean enabled() {
        try {
            return limits.get(KernelLimits.MODAUTOLOAD) != 0;
        } catch (IllegalArgumentException undeclared) {
            return true;
        }
    }

    /**
     * Loads a module, with what it needs, for a demand; does nothing if it is loaded (or loading) already.
     *
     * @return the modules loaded, in load order; empty if it was there already
     * @throws KernelException {@code ENOENT} if autoload is off, else why the demand load was refused or failed
     *     (nothing of it is left)
     */
    public List<LoadedModule> load(Demand demand) throws KernelException {
        return load(demand, null);
    }

    /**
     * Loads a module for module code that waits for it in its own {@code load} or {@code unload}, on the given
     * module thread: the loan of the transition lock is taken from that thread while its code waits, so that the load
     * joins the request running that code (and is undone with it) instead of waiting for it.
     *
     * @param waiting the module thread whose code asked, or null for an ordinary demand
     */
    List<LoadedModule> load(Demand d, Thread waiting) throws KernelException {
        if (!enabled()) {
            log.log("autoload", "refused " + d + ": modautoload is 0");
            throw new KernelException(Errno.ENOENT, d.module() + ": not loaded, and autoload is off (modautoload is"
                    + " 0), so the kernel did not load it for " + d.requester() + " (" + d.trigger() + "); load it with"
                    + " kmadmin -L " + d.module() + ", or turn autoload on with kmtune -u -s modautoload=1");
        }
        boolean borrowed = waiting != null && takeLoan(waiting);
        try {
            List<LoadedModule> loaded = requests.run("autoload: " + d.trigger() + ", for " + d.requester(), () -> {
                requests.transaction().refuseCycle(d.module(), "load");
                if (table.byName(d.module()).isPresent()) {
                    return List.<LoadedModule>of();
                }
                return demand.run(d.module(), demand.plan(d.module()), false);
            });
            if (!loaded.isEmpty()) {
                log.log("autoload", "loaded " + String.join(", ", loaded.stream().map(LoadedModule::name).toList())
                        + " for " + d.requester() + " (" + d.trigger() + ")");
            }
            return loaded;
        } catch (KernelException e) {
            log.log("autoload", "failed to load " + d + ": " + e.getMessage() + " (" + Errno.nameOf(e.number()) + ")");
            throw e;
        } finally {
            if (borrowed) {
                lock.giveBack();
            }
        }
    }

    private boolean takeLoan(Thread waiting) throws KernelException {
        try {
            return lock.takeLoan(waiting, limits.moduleCallLimit().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelException(Errno.EINTR, "interrupted while waiting to autoload for module code");
        }
    }
}
