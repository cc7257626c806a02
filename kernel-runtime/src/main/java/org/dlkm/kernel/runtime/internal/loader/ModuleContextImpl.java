package org.dlkm.kernel.runtime.internal.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.DeviceKind;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.ScsiAdapter;
import org.dlkm.kernel.net.TransmitFilterClass;
import org.dlkm.kernel.proc.ProcReader;
import org.dlkm.kernel.proc.ProcWriter;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.device.DeviceRegistry;
import org.dlkm.kernel.runtime.internal.device.FilterClassRegistry;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleResources;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleParameters;
import org.dlkm.kernel.spi.ModuleTimer;
import org.dlkm.kernel.spi.Registration;

/**
 * The context of one load. It records everything the module registers, claims and starts, so that
 * {@link #release()} can withdraw all of it: on unload, and on a failed load.
 *
 * <p>Threading: every method may be called from any thread; the record of resources is guarded by this object's
 * monitor. {@link #release()} is called by the kernel with its lock held.
 */
public final class ModuleContextImpl implements ModuleContext, ModuleResources {
    private static final long STOP_TIMEOUT_MILLIS = 5000;

    private final LoadedModule module;
    private final ModuleParameterValues parameters;
    private final PciBus bus;
    private final DeviceRegistry devices;
    private final ProcTreeImpl proc;
    private final FilterClassRegistry filters;
    private final KernelLog log;

    private final List<Registration> registrations = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timers;
    private final List<ScheduledFuture<?>> timerFutures = new ArrayList<>();
    /** Timer tasks of this module running now; release waits for them. Guarded by this object's monitor. */
    private int runningTimerTasks;
    private boolean claimed;
    private boolean released;

    public ModuleContextImpl(LoadedModule module, PciBus bus, DeviceRegistry devices, ProcTreeImpl proc,
            FilterClassRegistry filters, KernelLog log, ScheduledExecutorService timers) {
        this.module = module;
        this.timers = timers;
        this.parameters = new ModuleParameterValues(module.parameters);
        this.bus = bus;
        this.devices = devices;
        this.proc = proc;
        this.filters = filters;
        this.log = log;
    }

    @Override
    public String moduleName() {
        return module.name();
    }

    @Override
    public int moduleId() {
        return module.id;
    }

    @Override
    public String tag() {
        return module.tag;
    }

    @Override
    public ModuleParameters parameters() {
        return parameters;
    }

    @Override
    public void log(String message) {
        log.log(module.name(), message);
    }

    @Override
    public List<PciDevice> claimPciDevices(Predicate<PciDevice> match) {
        synchronized (this) {
            checkLive();
            claimed = true;
        }
        List<PciDevice> devs = bus.claim(module.name(), match, module.sharedDevices);
        for (PciDevice d : devs) {
            log.log(module.name(), "claimed PCI " + d.address() + " " + d.description()
                    + (module.sharedDevices.contains(d.address()) ? " (shared with the service console)" : ""));
        }
        return devs;
    }

    @Override
    public Registration registerNetworkDevice(PciDevice pci, NetworkDevice device) throws KernelException {
        checkLiveSync();
        return track(devices.register(module, pci, DeviceKind.NETWORK, device));
    }

    @Override
    public Registration registerScsiAdapter(PciDevice pci, ScsiAdapter adapter) throws KernelException {
        checkLiveSync();
        return track(devices.register(module, pci, DeviceKind.SCSI, adapter));
    }

    @Override
    public Registration publishProc(String path, ProcReader reader) throws KernelException {
        return publishProc(path, reader, null);
    }

    @Override
    public Registration publishProc(String path, ProcReader reader, ProcWriter writer) throws KernelException {
        checkLiveSync();
        proc.publish(path, module.name(), reader, writer);
        return track(new Registration() {
            @Override
            public String name() {
                return path;
            }

            @Override
            public void unregister() {
                proc.remove(path);
            }
        });
    }

    @Override
    public Registration registerTransmitFilterClass(TransmitFilterClass filterClass) throws KernelException {
        checkLiveSync();
        return track(filters.register(module, filterClass));
    }

    @Override
    public ModuleTimer schedule(Runnable task, long delay, long period, TimeUnit unit) {
        Runnable guarded = () -> {
            synchronized (this) {
                if (released) {
                    return;
                }
                runningTimerTasks++;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.log(module.name(), "timer task failed: " + e);
            } finally {
                synchronized (this) {
                    runningTimerTasks--;
                    notifyAll();
                }
            }
        };
        ScheduledFuture<?> future;
        synchronized (this) {
            checkLive();
            future = period > 0
                    ? timers.scheduleAtFixedRate(guarded, delay, period, unit)
                    : timers.schedule(guarded, delay, unit);
            timerFutures.add(future);
        }
        return new ModuleTimer() {
            @Override
            public void cancel() {
                future.cancel(false);
            }

            @Override
            public boolean isDone() {
                return future.isDone();
            }
        };
    }

    @Override
    public Thread startThread(String name, Runnable body) {
        Thread t = new Thread(body, "dlkm-" + module.name() + "-" + name);
        t.setDaemon(true);
        t.setContextClassLoader(null);
        synchronized (this) {
            checkLive();
            threads.add(t);
        }
        t.start();
        return t;
    }

    /**
     * Withdraws everything the module registered, claimed and started: timers, threads, registrations (newest
     * first), PCI claims. Afterwards every method throws {@link IllegalStateException}.
     *
     * @return problems met while withdrawing (a thread that would not stop), for the kernel log; empty if none
     */
    @Override
    public List<String> release() {
        List<ScheduledFuture<?>> futures;
        List<Thread> started;
        List<Registration> regs;
        synchronized (this) {
            if (released) {
                return List.of();
            }
            released = true;
            futures = new ArrayList<>(timerFutures);
            timerFutures.clear();
            started = new ArrayList<>(threads);
            threads.clear();
            regs = new ArrayList<>(registrations);
            registrations.clear();
        }
        List<String> problems = new ArrayList<>();
        for (ScheduledFuture<?> f : futures) {
            f.cancel(false);
        }
        if (!awaitTimerTasks()) {
            problems.add("a timer task of " + module.name() + " did not end within " + STOP_TIMEOUT_MILLIS + " ms");
        }
        for (Thread t : started) {
            t.interrupt();
        }
        for (Thread t : started) {
            try {
                t.join(STOP_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                problems.add("thread " + t.getName() + " did not end within " + STOP_TIMEOUT_MILLIS + " ms of its interrupt");
            }
        }
        Collections.reverse(regs);
        for (Registration r : regs) {
            try {
                r.unregister();
            } catch (RuntimeException e) {
                problems.add("withdrawing " + r.name() + " failed: " + e);
            }
        }
        boolean hadClaims;
        synchronized (this) {
            hadClaims = claimed;
        }
        if (hadClaims) {
            bus.releaseAll(module.name());
        }
        for (String p : problems) {
            log.log(module.name(), p);
        }
        return problems;
    }

    /** Waits until no timer task of this module runs; new runs see {@code released} and do nothing. */
    private synchronized boolean awaitTimerTasks() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
        while (runningTimerTasks > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private Registration track(Registration r) {
        synchronized (this) {
            if (!released) {
                registrations.add(r);
                return r;
            }
        }
        r.unregister();
        throw new IllegalStateException(module.name() + " is unloaded: its context can no longer register anything");
    }

    private synchronized void checkLiveSync() {
        checkLive();
    }

    private void checkLive() {
        if (released) {
            throw new IllegalStateException(module.name() + " is unloaded: its context can no longer be used");
        }
    }
}
