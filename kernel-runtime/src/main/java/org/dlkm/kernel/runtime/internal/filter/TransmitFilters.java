package org.dlkm.kernel.runtime.internal.filter;

/*
 * Why this class is large: every operation here (push, pop, the entries' reads and writes, a frame's way through,
 * the timer's releases, the busy check) works on the same attachments under one locking rule, the room's monitor
 * never held while module code runs and each instance called under its own; kept in one class, that rule is kept in
 * one place. The vmxmit run is TransmitRun.
 */

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.net.Frame;
import org.dlkm.kernel.net.TransmitFilter;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.busy.HoldSource;
import org.dlkm.kernel.runtime.internal.device.FilterClassRegistry;
import org.dlkm.kernel.runtime.internal.device.ModuleCode;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.vm.RunningVm;
import org.dlkm.kernel.runtime.internal.vm.RunningVms;

/**
 * The transmit filters attached to virtual machines, as ESX Server 2's {@code /proc/vmware/filters} shows them: one
 * filter per machine, on its first virtual NIC. {@code xmitpush} ({@code VMID CLASS ARGUMENTS...}) creates an
 * instance of a registered class and attaches it, {@code xmitpop} ({@code VMID}) detaches it, {@code status} lists
 * the classes and the instances, and each instance has {@code xmit/CLASS.N.VMID}, which shows its state and takes
 * {@code config ARGUMENTS}, {@code maxq N} and {@code reset}. A machine that stops loses its filter. While an
 * instance is attached its class's module is busy ({@link HoldSource}).
 *
 * <p>Frames a machine transmits go through its filter ({@link #transmit}); frames the filter queues are released by
 * the room's own timer, every {@value #TICK_MILLIS} ms in real time: each frame let go is counted on the machine's
 * NIC and given to its driver's {@code transmit}, whose counters move ({@code /proc/vmware/net/vmnic0}).
 *
 * <p>Threading: any method may be called from any thread. The attachments are guarded by this object's monitor,
 * which is never held while module code runs; each instance is called under its own monitor, one call at a time,
 * as {@link TransmitFilter} promises, and every call runs through {@link ModuleCode}: on the module thread, under
 * the watchdog.
 */
public final class TransmitFilters implements HoldSource {
    /** The directory of the filter entries. */
    public static final String DIRECTORY = "/proc/vmware/filters";
    /** How often queued frames are released. */
    static final long TICK_MILLIS = 10;

    private static final String PUSH = DIRECTORY + "/xmitpush";
    private static final String POP = DIRECTORY + "/xmitpop";
    private static final String OWNER = "kernel";

    private final FilterClassRegistry classes;
    /** Set once by {@link #start}, before any entry is published. */
    private volatile RunningVms vms;
    private final ProcTreeImpl proc;
    private final ModuleCode code;
    private final KernelLog log;
    private final LongSupplier nanos;
    /** The driver module of a network device, whose {@code transmit} is module code. */
    private final Function<String, Optional<LoadedModule>> driverOf;

    /** Guarded by this. */
    private final Map<Integer, Attached> byVm = new TreeMap<>();
    /** VM IDs whose push is creating an instance, with the module it holds meanwhile. Guarded by this. */
    private final Map<Integer, LoadedModule> creating = new HashMap<>();
    /** Guarded by this. */
    private int nextInstance = 1;

    /** Set before the kernel publishes its services, then read only. */
    private volatile FilterClassAutoload autoload = FilterClassAutoload.NONE;
    private ScheduledExecutorService ticker;
    private Runnable stopListener;

    /** One attached instance. */
    private final class Attached {
        final int number;
        final RunningVm vm;
        final RunningVm.Nic nic;
        final LoadedModule owner;
        final String className;
        final TransmitFilter filter;
        /** Frames accepted and not yet released; guarded by the instance's monitor. */
        int awaiting;

        Attached(int number, RunningVm vm, LoadedModule owner, String className, TransmitFilter filter) {
            this.number = number;
            this.vm = vm;
            this.nic = vm.nics().get(0);
            this.owner = owner;
            this.className = className;
            this.filter = filter;
        }

        String name() {
            return className + "." + number + "." + vm.id();
        }

        String path() {
            return DIRECTORY + "/xmit/" + name();
        }

        <T> T call(String action, Callable<T> call) throws KernelException {
            synchronized (this) {
                return moduleCode(owner, name() + ": " + action, call);
            }
        }
    }

    /**
     * @param code runs module code as the loader does ({@code ModuleLoader.runModuleCode})
     * @param nanos the monotonic clock the filters are told
     */
    public TransmitFilters(FilterClassRegistry classes, ProcTreeImpl proc, ModuleCode code, KernelLog log,
            LongSupplier nanos, Function<String, Optional<LoadedModule>> driverOf) {
        this.classes = classes;
        this.driverOf = driverOf;
        this.proc = proc;
        this.code = code;
        this.log = log;
        this.nanos = nanos;
    }

    /** @param classAutoload how a push of a class nobody registered loads the module that declares it */
    public void useAutoload(FilterClassAutoload classAutoload) {
        this.autoload = classAutoload;
    }

    /**
     * Publishes {@code status}, {@code xmitpush} and {@code xmitpop}, listens for stopping machines and starts the
     * release timer. The running machines come here rather than to the constructor: the busy rules need this room
     * before the machines' room exists.
     */
    public void start(RunningVms runningVms) throws KernelException {
        this.vms = runningVms;
        proc.publish(DIRECTORY + "/status", OWNER, this::statusText, null);
        proc.publish(PUSH, OWNER, () -> "", this::push);
        proc.publish(POP, OWNER, () -> "", this::pop);
        stopListener = vms.addStopListener(vm -> detachStopped(vm.id()));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dlkm-filter-release");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::releaseQueued, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops the timer and the stop listener; called at shutdown, after every machine stopped. */
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (stopListener != null) {
            stopListener.run();
        }
    }

    /**
     * {@code xmitpush}: {@code VMID CLASS [ARGUMENTS...]}.
     *
     * @throws KernelException {@code EINVAL} for a malformed line or what the class refuses, {@code ENOENT} for a
     *         machine not running or a class not registered, {@code EEXIST} if the machine has a filter already
     */
    public void push(String text) throws KernelException {
        List<String> words = words(text);
        if (words.size() < 2) {
            throw new KernelException(Errno.EINVAL, "expected VMID CLASS [ARGUMENTS...], as in 137 nfshaper 1m 2m"
                    + " 160k; got '" + text.strip() + "'");
        }
        RunningVm vm = runningVm(words.get(0));
        String className = words.get(1);
        List<String> arguments = words.subList(2, words.size());
        if (vm.nics().isEmpty()) {
            throw new KernelException(Errno.EINVAL, vm.holder() + " has no virtual NIC to filter");
        }
        FilterClassRegistry.Entry entry = filterClass(className, vm);
        synchronized (this) {
            refuseSecondFilter(vm);
            creating.put(vm.id(), entry.owner());
        }
        try {
            if (entry.owner().state != ModuleState.LOADED) {
                throw new KernelException(Errno.ENOENT, "filter class " + className + " is unloading with its module "
                        + entry.owner().name());
            }
            TransmitFilter filter = create(vm, entry, arguments);
            attach(vm, entry, filter);
        } finally {
            synchronized (this) {
                creating.remove(vm.id());
            }
        }
        if (vms.byId(vm.id()).isEmpty()) {
            detachStopped(vm.id());
        }
    }

    /**
     * The registered class, or the one a module autoloaded for it registers: the first registered module that
     * declares the class, by name.
     */
    private FilterClassRegistry.Entry filterClass(String className, RunningVm vm) throws KernelException {
        Optional<FilterClassRegistry.Entry> registered = classes.lookup(className);
        if (registered.isPresent()) {
            return registered.get();
        }
        String missing = "no filter class " + className + " is registered (classes: " + orNone(classes.names()) + ")";
        List<String> providers = autoload.providers(className);
        if (providers.isEmpty()) {
            throw new KernelException(Errno.ENOENT, missing + ", and no registered module declares it"
                    + " (Provide-Capability: dlkm.filter;dlkm.filter=" + className + "); load the module that"
                    + " provides it first, as vmkload_mod nfshaper loads nfshaper's");
        }
        String module = providers.get(0);
        try {
            autoload.load(module, "filter push " + className, vm.holder());
        } catch (KernelException e) {
            throw new KernelException(e.number(), missing + "; autoloading " + module + ", which declares it, failed: "
                    + e.getMessage(), e);
        }
        return classes.lookup(className).orElseThrow(() -> new KernelException(Errno.ENOENT, missing + "; "
                + module + " declares it (dlkm.filter) but registered no such class when it loaded"));
    }

    private TransmitFilter create(RunningVm vm, FilterClassRegistry.Entry entry, List<String> arguments)
            throws KernelException {
        String name = entry.filterClass().name();
        try {
            return moduleCode(entry.owner(), "create " + name + " for " + vm.holder(),
                    () -> entry.filterClass().create(List.copyOf(arguments)));
        } catch (KernelException e) {
            throw new KernelException(e.number(), vm.holder() + ": " + e.getMessage(), e);
        }
    }

    private void attach(RunningVm vm, FilterClassRegistry.Entry entry, TransmitFilter filter) throws KernelException {
        Attached attached;
        synchronized (this) {
            attached = new Attached(nextInstance++, vm, entry.owner(), entry.filterClass().name(), filter);
            byVm.put(vm.id(), attached);
        }
        try {
            proc.publish(attached.path(), OWNER, () -> instanceText(attached), text -> instanceWrite(attached, text));
        } catch (KernelException e) {
            synchronized (this) {
                byVm.remove(vm.id());
            }
            throw e;
        }
        log.log("filters", "attached " + attached.name() + " to " + vm.holder() + " (" + attached.nic.name() + " on "
                + attached.nic.deviceName() + ")");
    }

    private void refuseSecondFilter(RunningVm vm) throws KernelException {
        Attached existing = byVm.get(vm.id());
        if (existing != null || creating.containsKey(vm.id())) {
            String name = existing != null ? "the filter " + existing.name() : "a filter being attached";
            throw new KernelException(Errno.EEXIST, vm.holder() + " already has " + name + "; one transmit filter"
                    + " per virtual machine: echo " + vm.id() + " > " + POP + " detaches it");
        }
    }

    /**
     * {@code xmitpop}: {@code VMID}.
     *
     * @throws KernelException {@code EINVAL} for a malformed line, {@code ENOENT} for a machine not running or
     *         without a filter
     */
    public void pop(String text) throws KernelException {
        List<String> words = words(text);
        if (words.size() != 1) {
            throw new KernelException(Errno.EINVAL, "expected VMID, as in 137; got '" + text.strip() + "'");
        }
        RunningVm vm = runningVm(words.get(0));
        Attached attached;
        synchronized (this) {
            attached = byVm.remove(vm.id());
        }
        if (attached == null) {
            throw new KernelException(Errno.ENOENT, vm.holder() + " has no transmit filter (attached: "
                    + orNone(attachedNames()) + ")");
        }
        proc.remove(attached.path());
        log.log("filters", "detached " + attached.name() + " from " + vm.holder());
    }

    private void detachStopped(int vmId) {
        Attached attached;
        synchronized (this) {
            attached = byVm.remove(vmId);
        }
        if (attached != null) {
            proc.remove(attached.path());
            log.log("filters", "destroyed " + attached.name() + ": " + attached.vm.holder() + " stopped");
        }
    }

    /** @return the classes, then the attached instances */
    public String statusText() {
        StringBuilder out = new StringBuilder(classes.statusText()).append('\n');
        out.append(String.format("%-18s %-6s %-10s %s", "Filter", "VM ID", "NIC", "Device")).append('\n');
        for (Attached a : attachedNow()) {
            out.append(String.format("%-18s %-6d %-10s %s", a.name(), a.vm.id(), a.nic.name(), a.nic.deviceName()))
                    .append('\n');
        }
        return out.toString();
    }

    private String instanceText(Attached attached) {
        String status;
        try {
            status = attached.call("status", () -> attached.filter.status(nanos.getAsLong()));
        } catch (KernelException e) {
            status = "status failed: " + e.getMessage() + " (" + e.errno() + ")\n";
        }
        return "vm " + attached.vm.id() + " (" + attached.vm.displayName() + ") " + attached.nic.name() + " on "
                + attached.nic.deviceName() + "\n" + status;
    }

    /**
     * A write to an instance's entry: {@code config ARGUMENTS}, {@code maxq N} or {@code reset}.
     *
     * @throws KernelException {@code EINVAL} naming what is wrong, or what the filter refuses; nothing changes then
     */
    void instanceWrite(Attached attached, String text) throws KernelException {
        List<String> words = words(text);
        String command = words.isEmpty() ? "" : words.get(0);
        List<String> arguments = words.isEmpty() ? List.of() : List.copyOf(words.subList(1, words.size()));
        switch (command) {
            case "config" -> {
                if (arguments.isEmpty()) {
                    throw new KernelException(Errno.EINVAL, "config: expected the settings after config, as in config"
                            + " 1m 2m 160k");
                }
                attached.call("config", () -> {
                    attached.filter.configure(arguments);
                    return null;
                });
            }
            case "maxq" -> {
                if (arguments.size() != 1 || !arguments.get(0).matches("[0-9]{1,9}")) {
                    throw new KernelException(Errno.EINVAL, "maxq: expected one whole number of frames, 0 or more;"
                            + " got '" + String.join(" ", arguments) + "'");
                }
                int frames = Integer.parseInt(arguments.get(0));
                attached.call("maxq", () -> {
                    attached.filter.maxQueue(frames);
                    return null;
                });
            }
            case "reset" -> {
                if (!arguments.isEmpty()) {
                    throw new KernelException(Errno.EINVAL, "reset: takes no arguments; got '"
                            + String.join(" ", arguments) + "'");
                }
                attached.call("reset", () -> {
                    attached.filter.reset();
                    return null;
                });
            }
            default -> throw new KernelException(Errno.EINVAL, "unknown command '" + command + "': expected config"
                    + " SETTINGS, maxq FRAMES or reset");
        }
        log.log("filters", attached.name() + ": " + String.join(" ", words));
    }

    /**
     * Transmits one frame of a machine's first NIC through its filter, if it has one: a frame the filter sends now
     * is counted on the NIC at once, one it queues when the timer releases it, one it drops never.
     *
     * @return whether the frame was sent or queued (false: dropped)
     * @throws KernelException {@code ENOENT} if the machine is not running or has no NIC, or what the filter's code
     *         did
     */
    public boolean transmit(int vmId, int bytes) throws KernelException {
        RunningVm vm = withNic(vmId);
        Attached attached;
        synchronized (this) {
            attached = byVm.get(vmId);
        }
        if (attached == null) {
            deliver(vm.nics().get(0), bytes);
            return true;
        }
        synchronized (attached) {
            long now = nanos.getAsLong();
            Frame frame = new Frame(bytes, now);
            boolean accepted = attached.call("offer", () -> attached.filter.offer(frame, now));
            if (accepted) {
                attached.awaiting++;
            }
            releaseFrom(attached);
            return accepted;
        }
    }

    /**
     * {@code vmxmit}: the machine offers frames at a rate for a time, in real time, each through {@link #transmit}
     * ({@link TransmitRun}).
     */
    public org.dlkm.kernel.vm.TransmitReport transmitAt(int vmId, long offeredBitsPerSecond, int frameBytes,
            int seconds) throws KernelException {
        return new TransmitRun(this, vmId, offeredBitsPerSecond, frameBytes, seconds).run();
    }

    /** @return the running machine of that ID, with a virtual NIC */
    RunningVm withNic(int vmId) throws KernelException {
        RunningVm vm = vms.byId(vmId).orElseThrow(() -> new KernelException(Errno.ENOENT, "no running virtual"
                + " machine has VM ID " + vmId));
        if (vm.nics().isEmpty()) {
            throw new KernelException(Errno.ENOENT, vm.holder() + " has no virtual NIC");
        }
        return vm;
    }

    /**
     * Reads what the machine's filter still holds together with what left its NIC: under the instance's monitor, so
     * that no release runs in between.
     *
     * @param read given the frames the filter holds (0 without a filter)
     */
    <T> T withQueued(int vmId, java.util.function.LongFunction<T> read) {
        Attached attached;
        synchronized (this) {
            attached = byVm.get(vmId);
        }
        if (attached == null) {
            return read.apply(0);
        }
        synchronized (attached) {
            return read.apply(attached.awaiting);
        }
    }

    /** The timer's work: releases what each instance holding frames lets go now. */
    private void releaseQueued() {
        for (Attached attached : attachedNow()) {
            synchronized (attached) {
                if (attached.awaiting == 0) {
                    continue;
                }
                try {
                    releaseFrom(attached);
                } catch (KernelException e) {
                    log.log("filters", attached.name() + ": release failed: " + e.getMessage());
                }
            }
        }
    }

    private void releaseFrom(Attached attached) throws KernelException {
        long now = nanos.getAsLong();
        List<Frame> released = attached.call("release", () -> attached.filter.release(now));
        for (Frame f : released) {
            deliver(attached.nic, f.length());
        }
        attached.awaiting = Math.max(0, attached.awaiting - released.size());
    }

    /**
     * Hands a frame the filter let go (or that no filter held) to the NIC: counted on the machine's NIC, then given
     * to its driver's {@code transmit}, as module code of the driver. What the driver refuses (a full transmit
     * ring, an interface down) is counted by the driver as its transmit error, and the frame is lost, as a real
     * NIC loses it.
     *
     * @return whether the driver took the frame
     */
    private boolean deliver(RunningVm.Nic nic, int bytes) {
        nic.transmitted(bytes);
        Optional<LoadedModule> driver = driverOf.apply(nic.deviceName());
        if (driver.isEmpty()) {
            return false;
        }
        try {
            moduleCode(driver.get(), "transmit on " + nic.deviceName(), () -> {
                nic.device().transmit(java.nio.ByteBuffer.allocate(bytes));
                return null;
            });
            return true;
        } catch (KernelException e) {
            return false;
        }
    }

    @Override
    public List<String> holders(LoadedModule module) {
        List<String> holders = new ArrayList<>();
        synchronized (this) {
            byVm.values().stream().filter(a -> a.owner == module).forEach(a -> holders.add(a.vm.holder()));
            creating.forEach((id, owner) -> {
                if (owner == module) {
                    holders.add("vm" + id);
                }
            });
        }
        return holders;
    }

    /**
     * @return the instances of the module's classes attached to machines, as {@code kmadmin -Q} names holders:
     *     {@code filter nfshaper.1.137 by vm137}; they count in its hold count
     */
    public List<String> heldBy(LoadedModule module) {
        synchronized (this) {
            return byVm.values().stream().filter(a -> a.owner == module)
                    .map(a -> "filter " + a.name() + " by " + a.vm.holder()).toList();
        }
    }

    @Override
    public KernelException refusal(LoadedModule module, List<String> holders) {
        return new KernelException(Errno.EBUSY, module.name() + ": module is busy: its filter is attached to "
                + String.join(", ", holders) + "; echo VMID > " + POP + " detaches it");
    }

    /** @return the names of the attached instances, by VM ID */
    public synchronized List<String> attachedNames() {
        return byVm.values().stream().map(Attached::name).collect(Collectors.toList());
    }

    private synchronized List<Attached> attachedNow() {
        return List.copyOf(byVm.values());
    }

    private RunningVm runningVm(String word) throws KernelException {
        if (!word.matches("[0-9]{1,9}")) {
            throw new KernelException(Errno.EINVAL, "VM ID '" + word + "' is not a decimal number");
        }
        int id = Integer.parseInt(word);
        return vms.byId(id).orElseThrow(() -> new KernelException(Errno.ENOENT, "no running virtual machine has VM"
                + " ID " + id + " (running: " + orNone(vms.all().stream().map(v -> String.valueOf(v.id())).toList())
                + ")"));
    }

    private <T> T moduleCode(LoadedModule owner, String action, Callable<T> call) throws KernelException {
        try {
            return code.run(owner, action, call);
        } catch (KernelException e) {
            throw e;
        } catch (Exception e) {
            throw new KernelException(Errno.EIO, owner.name() + ": " + action + " failed: " + Causes.describe(e), e);
        }
    }

    private static List<String> words(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    private static String orNone(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
