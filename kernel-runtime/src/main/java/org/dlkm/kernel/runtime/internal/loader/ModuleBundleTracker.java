package org.dlkm.kernel.runtime.internal.loader;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.util.tracker.BundleTracker;

/**
 * Tracks every module bundle, as an extender tracks the bundles it governs, so that the framework cannot go around
 * the kernel. The framework lets any bundle (or the shell's {@code stop} and {@code uninstall}) stop or uninstall
 * a module's bundle, and a bundle listener cannot veto it; so the kernel <em>reconciles</em>:
 * <ul>
 * <li>a loaded module whose bundle was stopped or uninstalled by anyone but the kernel is withdrawn as in a forced
 * unload (its {@code unload} is asked, its devices, proc entries, timers and threads are withdrawn, its bundle
 * uninstalled and refreshed, its row removed) and the kernel log says what happened;</li>
 * <li>a bundle carrying a module that was installed behind the kernel's back (it can never resolve: the symbol
 * visibility hook refuses it) is uninstalled, and the log says how to load it instead.</li>
 * </ul>
 * The tracker's callbacks run inside the framework's event delivery: they only hand the bundle to the kernel's
 * reconcile thread, which takes the transition lock; module code never runs in a framework callback. Events the
 * kernel causes itself arrive on its own thread, which holds the lock, and are not handed on.
 *
 * <p>Threading: {@link #open} and {@link #close} by the runtime; callbacks on framework threads; reconciliation
 * on the thread {@code dlkm-reconcile}, one bundle at a time.
 */
public final class ModuleBundleTracker {
    private final BundleContext context;
    private final ModuleTable table;
    private final ModuleVisibility visibility;
    private final Requests requests;
    private final ModuleUnloader unloader;
    private final FrameworkSeam framework;
    private final KernelLog log;
    /**
     * How long a bundle's state is left to settle before it is reconciled: {@code uninstall} of an active bundle
     * stops it first, and the log should say what was done, not what was seen half way.
     */
    static final long SETTLE_MILLIS = 100;

    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "dlkm-reconcile");
        t.setDaemon(true);
        t.setContextClassLoader(null);
        return t;
    });
    private final BundleTracker<Bundle> tracker;
    private volatile boolean closed;
    /** Reconciliations handed off and not finished. Guarded by this object's monitor. */
    private int pending;

    public ModuleBundleTracker(BundleContext context, ModuleTable table, ModuleVisibility visibility,
            Requests requests, ModuleUnloader unloader, FrameworkSeam framework, KernelLog log) {
        this.context = context;
        this.table = table;
        this.visibility = visibility;
        this.requests = requests;
        this.unloader = unloader;
        this.framework = framework;
        this.log = log;
        int every = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;
        this.tracker = new BundleTracker<>(context, every, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                if (!visibility.isModule(bundle)) {
                    return null;
                }
                handOff(bundle);
                return bundle;
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                handOff(bundle);
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                handOff(bundle);
            }
        };
    }

    /** Starts tracking; module bundles already installed are reconciled at once. */
    public void open() {
        tracker.open();
    }

    /** Stops tracking, and drops reconciliations not yet run: the kernel is going away. */
    public void close() {
        closed = true;
        tracker.close();
        reconciler.shutdownNow();
        synchronized (this) {
            pending = 0;
            notifyAll();
        }
    }

    private void handOff(Bundle bundle) {
        if (closed || table.lock().isHeldByCurrentThread() || frameworkStopping()) {
            // the kernel's own install, start, stop or uninstall: it is delivered on the thread doing it, which
            // holds the transition lock (or has it on loan), and there is nothing to reconcile
            return;
        }
        synchronized (this) {
            pending++;
        }
        try {
            reconciler.schedule(() -> {
                try {
                    reconcile(bundle);
                } finally {
                    done();
                }
            }, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            done();
        }
    }

    private synchronized void done() {
        pending--;
        notifyAll();
    }

    /**
     * Waits, at most {@code millis}, until every reconciliation handed off so far has run, so that a query right
     * after a {@code stop} or {@code uninstall} typed in the shell sees the table reconciled. Returns at once on a
     * thread that holds the transition lock (the reconciliation needs it).
     */
    public void awaitReconciled(long millis) {
        if (table.lock().isHeldByCurrentThread()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean frameworkStopping() {
        try {
            return context.getBundle(0).getState() == Bundle.STOPPING
                    || context.getBundle().getState() == Bundle.STOPPING;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Brings the table in line with what the framework did to one module bundle. */
    void reconcile(Bundle bundle) {
        if (closed || frameworkStopping()) {
            return;
        }
        try {
            requests.run(() -> {
                LoadedModule module = table.byBundle(bundle).orElse(null);
                if (module != null) {
                    withdrawIfGone(module, bundle);
                } else if (!visibility.isAdmitted(bundle) && bundle.getState() != Bundle.UNINSTALLED) {
                    refuse(bundle);
                }
                return null;
            });
        } catch (KernelException | RuntimeException e) {
            log.log("kernel", "reconciling bundle " + bundle.getBundleId() + " failed: " + e.getMessage());
        }
    }

    private void withdrawIfGone(LoadedModule module, Bundle bundle) {
        int state = bundle.getState();
        if (module.state != ModuleState.LOADED || state == Bundle.ACTIVE || state == Bundle.STARTING) {
            return;
        }
        String what = state == Bundle.UNINSTALLED ? "uninstalled" : "stopped";
        log.log(module.name(), "its bundle " + bundle.getBundleId() + " was " + what
                + " outside the kernel; withdrawing module " + module.name() + " (ID " + module.id + ")");
        unloader.forceUnload(module, "because its bundle was " + what + " outside the kernel");
    }

    private void refuse(Bundle bundle) {
        log.log("kernel", "bundle " + bundle.getBundleId() + " (" + bundle.getSymbolicName() + ") is a kernel module"
                + " installed outside the kernel; uninstalling it: load modules with vmkload_mod or kmadmin -L");
        try {
            framework.uninstall(bundle);
        } catch (BundleException | IllegalStateException e) {
            log.log("kernel", "uninstalling bundle " + bundle.getBundleId() + " failed: " + e.getMessage());
        }
    }
}
