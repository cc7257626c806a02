package org.dlkm.kernel.runtime.internal.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.ScsiAdapter;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.vm.VirtualMachines;
import org.dlkm.kernel.vm.VmInfo;
import org.dlkm.kernel.vm.VmState;

/**
 * The {@link VirtualMachines} service and the {@link RunningVms} seam. Registered machines are kept in
 * {@link VmList}; a start reads the {@code .vmx} again ({@link VmxFile}), checks that no disk it names is used by
 * another running machine, opens each device through the {@link DeviceService} with holder {@code vm<ID>} (which
 * autoloads the driver of a device that does not exist yet), and publishes {@link VmProc}. A failed start closes
 * what it opened and removes what it published, and uses no VM ID.
 *
 * <p>VM IDs: as ESX Server 2 numbers the worlds of its virtual machines, the first machine started after a boot gets
 * {@value #FIRST_ID} and every successful start the next number; an ID is not reused while the kernel runs.
 *
 * <p>Sharing: a VMkernel network device is shared by every running machine naming it (ESX's VMkernel switches
 * frames between the machines on one {@code vmnic}); a disk ({@code vmhba0:0:0}) is used by one running machine at a
 * time.
 *
 * <p>Threading: starts, stops, registrations and unregistrations are serialised by one lock, held while a start
 * autoloads a driver; reads of the running machines take no lock. Never call from a framework hook or listener.
 */
public final class VirtualMachinesImpl implements VirtualMachines, RunningVms {
    /** The VM ID of the first machine started after a boot. */
    public static final int FIRST_ID = 137;

    private final Object lock = new Object();
    private final Path listFile;
    private final Path vmfs;
    private final DeviceService devices;
    private final ProcTreeImpl proc;
    private final KernelLog log;
    private final ConcurrentSkipListMap<Integer, RunningVm> running = new ConcurrentSkipListMap<>();
    private final List<StopListener> stopListeners = new CopyOnWriteArrayList<>();
    private VmList list;
    private int nextId = FIRST_ID;

    /**
     * @param home the kernel home: the list is {@code etc/vmware/vm-list}, files under {@code vmfs/} are shown as
     *        {@code /vmfs/...}
     */
    public VirtualMachinesImpl(Path home, DeviceService devices, ProcTreeImpl proc, KernelLog log) {
        this.listFile = home.resolve("etc/vmware/vm-list");
        this.vmfs = home.resolve("vmfs").toAbsolutePath().normalize();
        this.devices = devices;
        this.proc = proc;
        this.log = log;
    }

    @Override
    public VmInfo register(Path configFile) throws KernelException {
        Path f = normal(configFile);
        synchronized (lock) {
            if (f.toString().contains("\"") || f.toString().contains("\n")) {
                throw new KernelException(Errno.EINVAL, shown(f) + ": a path with a double quote or a line break"
                        + " cannot be listed in " + listFile + "; rename it");
            }
            if (list().contains(f)) {
                throw new KernelException(Errno.EEXIST, shown(f) + ": already registered");
            }
            VmxFile.Config config = VmxFile.read(f, shown(f));
            list().add(f);
            log.log("vm", "registered " + shown(f) + " (" + config.displayName() + ")");
            return new VmInfo(f, config.displayName(), VmState.OFF, 0, List.of());
        }
    }

    @Override
    public void unregister(Path configFile) throws KernelException {
        Path f = normal(configFile);
        synchronized (lock) {
            requireRegistered(f);
            Optional<RunningVm> vm = byFile(f);
            if (vm.isPresent()) {
                throw new KernelException(Errno.EBUSY, shown(f) + ": the virtual machine is running (VM ID "
                        + vm.get().id() + "); stop it first with vmware-cmd " + shown(f) + " stop");
            }
            list().remove(f);
            log.log("vm", "unregistered " + shown(f));
        }
    }

    @Override
    public List<Path> registered() throws KernelException {
        synchronized (lock) {
            return list().paths();
        }
    }

    @Override
    public VmInfo start(Path configFile) throws KernelException {
        Path f = normal(configFile);
        synchronized (lock) {
            requireRegistered(f);
            Optional<RunningVm> on = byFile(f);
            if (on.isPresent()) {
                throw new KernelException(Errno.EBUSY, shown(f) + ": the virtual machine is already on (VM ID "
                        + on.get().id() + ")");
            }
            VmxFile.Config config = VmxFile.read(f, shown(f));
            checkDisksFree(config);
            RunningVm vm = open(f, config, nextId);
            try {
                VmProc.publish(proc, vm, shown(f));
            } catch (KernelException | RuntimeException e) {
                vm.closeDevices();
                throw e;
            }
            running.put(vm.id(), vm);
            nextId++;
            log.log("vm", "started " + vm.displayName() + " (VM ID " + vm.id() + ") from " + shown(f) + ": "
                    + (vm.devices().isEmpty() ? "no devices" : String.join(", ", vm.devices())));
            return info(vm);
        }
    }

    @Override
    public VmInfo stop(Path configFile) throws KernelException {
        Path f = normal(configFile);
        synchronized (lock) {
            requireRegistered(f);
            RunningVm vm = byFile(f).orElseThrow(() -> new KernelException(Errno.EINVAL, shown(f)
                    + ": the virtual machine is not running (getstate() = off); vmware-cmd " + shown(f)
                    + " start starts it"));
            stop(vm, "stopped");
            return new VmInfo(f, vm.displayName(), VmState.OFF, 0, List.of());
        }
    }

    /** Stops every running machine, newest first: the kernel is shutting down. */
    public void stopAll() {
        synchronized (lock) {
            for (RunningVm vm : new ArrayList<>(running.descendingMap().values())) {
                stop(vm, "stopped at kernel shutdown");
            }
        }
    }

    @Override
    public VmInfo state(Path configFile) throws KernelException {
        Path f = normal(configFile);
        synchronized (lock) {
            requireRegistered(f);
            Optional<RunningVm> vm = byFile(f);
            if (vm.isPresent()) {
                return info(vm.get());
            }
            String name = f.getFileName().toString().replaceFirst("\\.vmx$", "");
            try {
                name = VmxFile.read(f, shown(f)).displayName();
            } catch (KernelException unreadable) {
                // the state of a machine is still off when its file has become unreadable; start says why
            }
            return new VmInfo(f, name, VmState.OFF, 0, List.of());
        }
    }

    @Override
    public List<VmInfo> running() {
        return running.values().stream().map(this::info).toList();
    }

    @Override
    public Optional<RunningVm> byId(int id) {
        return Optional.ofNullable(running.get(id));
    }

    @Override
    public List<RunningVm> all() {
        return List.copyOf(running.values());
    }

    @Override
    public Runnable addStopListener(StopListener listener) {
        stopListeners.add(listener);
        return () -> stopListeners.remove(listener);
    }

    /** @return the file as the shell shows it: {@code /vmfs/vm1/vm1.vmx} under the home's {@code vmfs/} */
    String shown(Path f) {
        if (f.startsWith(vmfs)) {
            return "/vmfs/" + vmfs.relativize(f).toString().replace('\\', '/');
        }
        return f.toString();
    }

    private void stop(RunningVm vm, String what) {
        for (StopListener l : stopListeners) {
            try {
                l.stopping(vm);
            } catch (RuntimeException e) {
                log.log("vm", "a stop listener of " + vm.displayName() + " (VM ID " + vm.id() + ") failed: " + e);
            }
        }
        VmProc.remove(proc, vm);
        vm.closeDevices();
        running.remove(vm.id());
        log.log("vm", what + " " + vm.displayName() + " (VM ID " + vm.id() + ")");
    }

    /** Opens the machine's devices as holder {@code vm<ID>}; if one fails, closes those opened. */
    private RunningVm open(Path f, VmxFile.Config config, int id) throws KernelException {
        String holder = VirtualMachines.holderName(id);
        List<RunningVm.Nic> nics = new ArrayList<>();
        List<DeviceHandle> disks = new ArrayList<>();
        try {
            for (VmxFile.Nic nic : config.nics()) {
                DeviceHandle h = open(f, nic.line(), nic.name() + ".networkName", nic.device(), holder);
                nics.add(new RunningVm.Nic(nic.name(), h));
                kind(f, nic.line(), nic.name() + ".networkName", h, NetworkDevice.class, "a network device");
            }
            for (VmxFile.Disk disk : config.disks()) {
                DeviceHandle h = open(f, disk.line(), disk.name() + ".name", disk.adapter(), holder);
                disks.add(h);
                ScsiAdapter adapter = kind(f, disk.line(), disk.name() + ".name", h, ScsiAdapter.class,
                        "a SCSI adapter");
                if (disk.target() >= adapter.maxTargets()) {
                    throw new KernelException(Errno.ENODEV, shown(f) + ":" + disk.line() + ": " + disk.name()
                            + ".name " + disk.id() + ": " + disk.adapter() + " has targets 0 to "
                            + (adapter.maxTargets() - 1));
                }
            }
            return new RunningVm(id, f, config, nics, disks);
        } catch (KernelException | RuntimeException e) {
            new RunningVm(id, f, config, nics, disks).closeDevices();
            throw e;
        }
    }

    private DeviceHandle open(Path f, int line, String key, String device, String holder) throws KernelException {
        try {
            return devices.open(device, holder);
        } catch (KernelException e) {
            throw new KernelException(e.number(), shown(f) + ":" + line + ": " + key + " " + device + ": "
                    + e.getMessage(), e);
        }
    }

    private <T> T kind(Path f, int line, String key, DeviceHandle h, Class<T> type, String what)
            throws KernelException {
        try {
            return h.device(type);
        } catch (IllegalArgumentException e) {
            throw new KernelException(Errno.EINVAL, shown(f) + ":" + line + ": " + key + " " + h.deviceName()
                    + " is not " + what);
        }
    }

    private void checkDisksFree(VmxFile.Config config) throws KernelException {
        for (VmxFile.Disk disk : config.disks()) {
            for (RunningVm other : running.values()) {
                if (other.config().disks().stream().anyMatch(d -> d.id().equals(disk.id()))) {
                    throw new KernelException(Errno.EBUSY, config.file() + ":" + disk.line() + ": " + disk.name()
                            + ".name " + disk.id() + " is in use by the running virtual machine "
                            + other.displayName() + " (VM ID " + other.id() + "); a disk is used by one running"
                            + " machine at a time: stop it first");
                }
            }
        }
    }

    private void requireRegistered(Path f) throws KernelException {
        if (!list().contains(f)) {
            throw new KernelException(Errno.ENOENT, shown(f) + ": not a registered virtual machine; register it"
                    + " with vmware-cmd -s register " + shown(f));
        }
    }

    private Optional<RunningVm> byFile(Path f) {
        return running.values().stream().filter(vm -> vm.configFile().equals(f)).findFirst();
    }

    private VmList list() throws KernelException {
        if (list == null) {
            list = new VmList(listFile);
        }
        return list;
    }

    private VmInfo info(RunningVm vm) {
        return new VmInfo(vm.configFile(), vm.displayName(), VmState.ON, vm.id(), vm.devices());
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** The machines' transmit path: through a filter room to the drivers. */
    @FunctionalInterface
    public interface TransmitPath {
        /** @see VirtualMachines#transmit */
        org.dlkm.kernel.vm.TransmitReport transmit(int vmId, long offeredBitsPerSecond, int frameBytes, int seconds)
                throws KernelException;
    }

    private volatile TransmitPath transmitPath;

    /** @param path the filter room's transmit path, which {@link #transmit} runs through */
    public void useTransmitPath(TransmitPath path) {
        this.transmitPath = path;
    }

    @Override
    public org.dlkm.kernel.vm.TransmitReport transmit(int vmId, long offeredBitsPerSecond, int frameBytes,
            int seconds) throws KernelException {
        TransmitPath path = transmitPath;
        if (path == null) {
            throw new KernelException(org.dlkm.kernel.Errno.ENOSYS, "the kernel has no transmit path yet");
        }
        return path.transmit(vmId, offeredBitsPerSecond, frameBytes, seconds);
    }
}
