package org.dlkm.kernel.runtime.internal.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
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
import org.dlkm.kernel.runtime.internal.tune.TunableStore;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleParameters;
import org.dlkm.kernel.spi.ModuleTimer;
import org.dlkm.kernel.spi.PciHotplugListener;
import org.dlkm.kernel.spi.Registration;
import org.dlkm.kernel.spi.TunableListener;

/**
 * The context of one load. It records everything the module registers, claims and starts, so that
 * {@link #release()} can withdraw all of it: on unload, and on a failed load.
 *
 * <p>Threading: every method may be called from any thread; the record of resources is guarded by this object's
 * monitor. {@link #release()} is called by the kernel with its lock held.
 *
 * <p>Why this class is large: it is the whole {@link ModuleContext} the SPI gives a module (devices, proc entries,
 * filter classes, timers, threads, tunables, PCI hot-plug), and the one record of what each of those registered, so
 * that {@link #release()} withdraws all of it in one place; each method itself only hands the work to its room.
 */
public final class ModuleContextImpl implements ModuleContext, ModuleResources {
    private static final long STOP_TIMEOUT_MILLIS = 5000;
    /** How long a release waits for a timer task under way to return by itself before it interrupts it. */
    static final long TIMER_GRACE_MILLIS = 1000;

    private final LoadedModule module;
    private final ModuleParameterValues parameters;
    private final PciBus bus;
    private final DeviceRegistry devices;
    private final ProcTreeImpl proc;
    private final FilterClassRegistry filters;
    private final KernelLog log;
    private final LiveThreads liveThreads;
    private final TunableStore tunables;

    private final List<Registration> registrations = new ArrayList<>();
    /** The module's hot-plug listeners with their matches; guarded by this object. */
    private final List<HotplugDriver> hotplug = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ModuleTimers.Lane timers;
    /** The module's bundle class loader: the context class loader of its threads and timer tasks; null without one. */
    private final ClassLoader loader;
    private boolean claimed;
    private boolean released;

    public ModuleContextImpl(LoadedModule module, PciBus bus, DeviceRegistry devices, ProcTreeImpl proc,
            FilterClassRegistry filters, KernelLog log, ModuleTimers timers) {
        this(module, bus, devices, proc, filters, log, timers, new LiveThreads(log), null);
    }

    /**
     * @param liveThreads where threads started through the context are admitted ({@code nproc}, {@code maxuprc})
     * @param tunables the module's tunables; null for a kernel without them (unit tests)
     */
    public ModuleContextImpl(LoadedModule module, PciBus bus, DeviceRegistry devices, ProcTreeImpl proc,
            FilterClassRegistry filters, KernelLog log, ModuleTimers timers, LiveThreads liveThreads,
            TunableStore tunables) {
        this.module = module;
        this.liveThreads = liveThreads;
        this.tunables = tunables;
        if (tunables != null) {
            tunables.moduleLoaded(module.name());
        }
        this.loader = LiveThreads.loaderOf(module.bundle);
        this.timers = timers.lane(module.name(), loader);
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
    public ModuleTimer schedule(Runnable task, long delay, long period, TimeUnit unit) throws KernelException {
        checkLiveSync();
        return timers.schedule(task, delay, period, unit);
    }

    @Override
    public Thread startThread(String name, Runnable body) throws KernelException {
        Thread t = new Thread(body, "dlkm-" + module.name() + "-" + name);
        t.setDaemon(true);
        t.setContextClassLoader(loader);
        synchronized (this) {
            checkLive();
            liveThreads.admit(module.name(), t);
            threads.add(t);
        }
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            liveThreads.forget(module.name(), t);
            throw e;
        }
        return t;
    }

    @Override
    public long tunable(String name) {
        if (tunables == null) {
            throw new IllegalArgumentException(module.name() + " declares no tunable " + name);
        }
        return tunables.moduleTunable(module.name(), module.jar.master().tunables(), name);
    }

    @Override
    public Registration onTunableChange(TunableListener listener) {
        checkLiveSync();
        if (tunables == null) {
            return track(registration("tunable listener", () -> { }));
        }
        Runnable remove = tunables.listen(module.name(), (name, oldValue, newValue) -> {
            try {
                timers.schedule(() -> listener.tunableChanged(name, oldValue, newValue), 0, 0, TimeUnit.MILLISECONDS);
            } catch (KernelException | IllegalStateException e) {
                log.log(module.name(), "tunable " + name + " changed to " + newValue + " but the module could not be"
                        + " told: " + e.getMessage());
            }
        });
        return track(registration("tunable listener", remove));
    }

    /** A hot-plug listener and the cards it takes. */
    private record HotplugDriver(Predicate<PciDevice> match, PciHotplugListener listener) {
    }

    @Override
    public Registration onPciHotplug(Predicate<PciDevice> match, PciHotplugListener listener) {
        HotplugDriver driver = new HotplugDriver(match, listener);
        synchronized (this) {
            checkLive();
            // the kernel claims hot-plugged cards for the module: its release must give them back
            claimed = true;
            hotplug.add(driver);
        }
        return track(registration("PCI hot-plug listener", () -> {
            synchronized (this) {
                hotplug.remove(driver);
            }
        }));
    }

    @Override
    public synchronized boolean takesHotplug() {
        return !released && !hotplug.isEmpty();
    }

    /** Evaluates the module's matches, which are module code: the kernel calls this on its module thread. */
    @Override
    public Optional<PciHotplugListener> hotplugListener(PciDevice card) {
        List<HotplugDriver> drivers;
        synchronized (this) {
            if (released) {
                return Optional.empty();
            }
            drivers = List.copyOf(hotplug);
        }
        return drivers.stream().filter(d -> d.match().test(card)).map(HotplugDriver::listener).findFirst();
    }

    private static Registration registration(String name, Runnable remove) {
        return new Registration() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void unregister() {
                remove.run();
            }
        };
    }

    /**
     * Withdraws everything the module registered, claimed and started: timers, threads, registrations (newest
     * first), PCI claims. A timer task under way gets {@value #TIMER_GRACE_MILLIS} ms to return, then is interrupted;
     * threads started through the context are interrupted and joined. Afterwards every method throws
     * {@link IllegalStateException}.
     *
     * @return the names of the threads that still ran the module's code and were interrupted: the worker of a timer
     *         task past its grace, a thread of the module that did not end; empty if none. Each is in the kernel log
     */
    @Override
    public List<String> release() {
        List<Thread> started;
        List<Registration> regs;
        synchronized (this) {
            if (released) {
                return List.of();
            }
            released = true;
            started = new ArrayList<>(threads);
            threads.clear();
            regs = new ArrayList<>(registrations);
            registrations.clear();
            hotplug.clear();
        }
        timers.close();
        for (Thread t : started) {
            t.interrupt();
        }
        List<String> problems = new ArrayList<>();
        List<String> interrupted = new ArrayList<>(stopTimerTask(problems));
        for (Thread t : started) {
            try {
                t.join(STOP_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                interrupted.add(t.getName());
                problems.add("thread " + t.getName() + " did not end within " + STOP_TIMEOUT_MILLIS + " ms of its interrupt");
            }
        }
        liveThreads.forgetAll(module.name());
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
        return interrupted;
    }

    /**
     * Lets a timer task under way return, or interrupts it after the grace.
     *
     * @return the name of its worker if it was interrupted, else nothing
     */
    private List<String> stopTimerTask(List<String> problems) {
        if (timers.awaitIdle(TIMER_GRACE_MILLIS)) {
            return List.of();
        }
        Optional<String> worker = timers.interruptRunning("when " + module.name() + " was withdrawn");
        if (!timers.awaitIdle(STOP_TIMEOUT_MILLIS)) {
            problems.add("a timer task did not end within " + STOP_TIMEOUT_MILLIS + " ms of its interrupt");
        }
        return worker.map(List::of).orElse(List.of());
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
