package org.dlkm.kernel.runtime.internal.device;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.DeviceKind;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.ScsiAdapter;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.tune.KernelLimits;
import org.dlkm.kernel.spi.Registration;

/**
 * The kernel's devices: naming (tag + the lowest number free among all devices sharing the tag), their proc
 * entries, and the handles that hold them open; the {@code DeviceService} ({@link KernelDevices}) is built on it.
 *
 * <p>Threading: one lock guards the devices and handles; driver {@code open}/{@code close} run under it, so they
 * are serialised per kernel. Proc readers run without it.
 *
 * <p>Why this class is large: naming, proc entries, handles and their limits ({@code nfile}, {@code maxfiles_lim})
 * all work on the devices under the one lock that keeps opens and unloads from crossing, and so does the removal of a
 * hot-plugged card's devices.
 */
public final class DeviceRegistry {

    /** A registered device. */
    final class Device {
        final String name;
        final String tag;
        final int number;
        final DeviceKind kind;
        final LoadedModule owner;
        final PciDevice pci;
        final Object ops;
        final List<Handle> handles = new ArrayList<>();

        Device(String tag, int number, DeviceKind kind, LoadedModule owner, PciDevice pci, Object ops) {
            this.name = tag + number;
            this.tag = tag;
            this.number = number;
            this.kind = kind;
            this.owner = owner;
            this.pci = pci;
            this.ops = ops;
        }

        String procPath() {
            return "/proc/vmware/" + kind.procDirectory() + "/" + name;
        }

        DeviceInfo info() {
            synchronized (lock) {
                List<String> holders = new ArrayList<>();
                for (Handle h : handles) {
                    holders.add(h.holder);
                }
                return new DeviceInfo(name, kind, owner.name(), pci.address(), holders);
            }
        }
    }

    /** An open handle. */
    final class Handle implements DeviceHandle {
        private final Device device;
        private final String holder;
        private boolean open = true;

        Handle(Device device, String holder) {
            this.device = device;
            this.holder = holder;
        }

        @Override
        public String deviceName() {
            return device.name;
        }

        @Override
        public String holder() {
            return holder;
        }

        @Override
        public <T> T device(Class<T> type) {
            synchronized (lock) {
                if (!open) {
                    throw new IllegalStateException("the handle on " + device.name + " held by " + holder + " is closed");
                }
            }
            if (!type.isInstance(device.ops)) {
                throw new IllegalArgumentException(device.name + " is a " + device.kind.name().toLowerCase()
                        + " device, not a " + type.getSimpleName());
            }
            return type.cast(device.ops);
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (!open) {
                    return;
                }
                open = false;
                device.handles.remove(this);
                if (device.handles.isEmpty()) {
                    closeDriver(device);
                }
            }
        }

        @Override
        public String toString() {
            return device.name + " by " + holder;
        }
    }

    private final Object lock = new Object();
    private final Map<String, Device> devices = new TreeMap<>();
    /** The PCI cards being removed: their devices refuse opens meanwhile. */
    private final Set<PciAddress> removing = new HashSet<>();
    private final PciBus bus;
    private final ProcTreeImpl proc;
    private final KernelLog log;
    private final KernelLimits limits;

    public DeviceRegistry(PciBus bus, ProcTreeImpl proc, KernelLog log) {
        this(bus, proc, log, KernelLimits.UNLIMITED);
    }

    /**
     * @param limits {@code nfile} and {@code maxfiles_lim}, checked at each open
     */
    public DeviceRegistry(PciBus bus, ProcTreeImpl proc, KernelLog log, KernelLimits limits) {
        this.bus = bus;
        this.proc = proc;
        this.log = log;
        this.limits = limits;
    }

    /**
     * Registers a device of a module and publishes its proc entry.
     *
     * @throws KernelException {@code EINVAL} if the PCI device is not claimed by the module
     */
    public Registration register(LoadedModule owner, PciDevice pci, DeviceKind kind, Object ops) throws KernelException {
        if (!pci.claimedBy().map(owner.name()::equals).orElse(false)) {
            throw new KernelException(Errno.EINVAL, owner.name() + ": cannot register a device for PCI " + pci.address()
                    + ": the module has not claimed it (claimPciDevices first)");
        }
        Device device;
        synchronized (lock) {
            for (Device d : devices.values()) {
                if (d.pci.address().equals(pci.address())) {
                    throw new KernelException(Errno.EEXIST, owner.name() + ": PCI " + pci.address()
                            + " already has a device, " + d.name);
                }
            }
            device = new Device(owner.tag, lowestFreeNumber(owner.tag), kind, owner, pci, ops);
            devices.put(device.name, device);
        }
        try {
            proc.publish(device.procPath(), owner.name(), () -> DeviceProcText.of(device.name, device.tag, device.owner, device.pci, device.ops, device.info()), null);
        } catch (KernelException e) {
            synchronized (lock) {
                devices.remove(device.name);
            }
            throw e;
        }
        log.log(owner.name(), "registered " + device.name + " for PCI " + pci.address() + " " + pci.description());
        return new Registration() {
            @Override
            public String name() {
                return device.name;
            }

            @Override
            public void unregister() {
                remove(device);
            }
        };
    }

    private int lowestFreeNumber(String tag) {
        int n = 0;
        while (devices.containsKey(tag + n)) {
            n++;
        }
        return n;
    }

    private void remove(Device device) {
        synchronized (lock) {
            if (devices.get(device.name) != device) {
                return;
            }
            for (Handle h : new ArrayList<>(device.handles)) {
                h.close();
            }
            devices.remove(device.name);
        }
        proc.remove(device.procPath());
        log.log(device.owner.name(), "unregistered " + device.name);
    }

    /**
     * Marks a module as unloading unless one of its devices is open.
     *
     * @param countOpens whether open handles make the module busy: true for the module types that track opens
     *        (WSIO class drivers, STREAMS drivers)
     * @return the open handles on its devices ({@code vmnic0 by vm1}); empty if the module is now unloading
     */
    public List<String> beginUnload(LoadedModule module, boolean countOpens) {
        synchronized (lock) {
            List<String> holders = countOpens ? holders(module) : List.of();
            if (holders.isEmpty()) {
                module.state = ModuleState.UNLOADING;
            }
            return holders;
        }
    }

    /** @return the open handles on the module's devices */
    public List<String> holders(LoadedModule module) {
        synchronized (lock) {
            List<String> holders = new ArrayList<>();
            for (Device d : devices.values()) {
                if (d.owner == module) {
                    for (Handle h : d.handles) {
                        holders.add(h.toString());
                    }
                }
            }
            return holders;
        }
    }

    /**
     * Starts the removal of a PCI card: from now on its devices refuse opens, unless one is open already.
     *
     * @return the open handles on the card's devices ({@code vmnic1 by vm1}); empty if the removal has begun, and
     *         then {@link #endRemoval} must follow
     */
    public List<String> beginRemoval(PciAddress card) {
        synchronized (lock) {
            List<String> holders = new ArrayList<>();
            for (Device d : devices.values()) {
                if (d.pci.address().equals(card)) {
                    for (Handle h : d.handles) {
                        holders.add(h.toString());
                    }
                }
            }
            if (holders.isEmpty()) {
                removing.add(card);
            }
            return holders;
        }
    }

    /** Ends what {@link #beginRemoval} began, whether the card left the bus or not. */
    public void endRemoval(PciAddress card) {
        synchronized (lock) {
            removing.remove(card);
        }
    }

    /**
     * Withdraws every device registered for a PCI card, with its proc entry: after its driver released the card, or
     * refused it in a hot-plug probe.
     *
     * @return the names of the devices withdrawn
     */
    public List<String> withdraw(PciAddress card) {
        List<Device> on = new ArrayList<>();
        synchronized (lock) {
            for (Device d : devices.values()) {
                if (d.pci.address().equals(card)) {
                    on.add(d);
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (Device d : on) {
            remove(d);
            names.add(d.name);
        }
        return names;
    }

    /** @return the names of the devices registered for a PCI card, by name */
    public List<String> deviceNamesOn(PciAddress card) {
        synchronized (lock) {
            List<String> names = new ArrayList<>();
            for (Device d : devices.values()) {
                if (d.pci.address().equals(card)) {
                    names.add(d.name);
                }
            }
            return names;
        }
    }

    /** @return the names of the module's devices, in creation order */
    public List<String> deviceNames(LoadedModule module) {
        synchronized (lock) {
            List<Device> own = new ArrayList<>();
            for (Device d : devices.values()) {
                if (d.owner == module) {
                    own.add(d);
                }
            }
            own.sort(Comparator.comparing((Device d) -> d.tag).thenComparingInt(d -> d.number));
            List<String> names = new ArrayList<>();
            for (Device d : own) {
                names.add(d.name);
            }
            return names;
        }
    }

    public List<DeviceInfo> devices() {
        List<Device> all;
        synchronized (lock) {
            all = new ArrayList<>(devices.values());
        }
        all.sort(Comparator.comparing((Device d) -> d.tag).thenComparingInt(d -> d.number));
        List<DeviceInfo> infos = new ArrayList<>();
        for (Device d : all) {
            infos.add(d.info());
        }
        return infos;
    }

    /**
     * @param name a device name
     * @return whether the device exists and its module is loaded, so that an open may succeed now: a device a
     *         module registers during its {@code load} exists before the module is loaded
     */
    public boolean usable(String name) {
        synchronized (lock) {
            Device d = devices.get(name);
            return d != null && d.owner.state == ModuleState.LOADED;
        }
    }

    /** @return the module that registered the device (its driver), whose code its operations are */
    public Optional<LoadedModule> driverOf(String name) {
        synchronized (lock) {
            Device d = devices.get(name);
            return d == null ? Optional.empty() : Optional.of(d.owner);
        }
    }

    public Optional<DeviceInfo> device(String name) {
        synchronized (lock) {
            Device d = devices.get(name);
            return d == null ? Optional.empty() : Optional.of(d.info());
        }
    }

    public DeviceHandle open(String name, String holder) throws KernelException {
        if (holder == null || holder.isBlank()) {
            throw new KernelException(Errno.EINVAL, "opening " + name + ": a holder name is required");
        }
        synchronized (lock) {
            Device d = devices.get(name);
            if (d == null) {
                throw new KernelException(Errno.ENODEV, name + ": no such device (devices: "
                        + (devices.isEmpty() ? "none" : String.join(", ", devices.keySet())) + ")");
            }
            if (removing.contains(d.pci.address())) {
                throw new KernelException(Errno.EBUSY, name + ": its PCI card at " + d.pci.address() + " is being"
                        + " removed");
            }
            if (d.owner.state != ModuleState.LOADED) {
                throw new KernelException(Errno.EBUSY, name + ": its module " + d.owner.name() + " is "
                        + d.owner.state.name().toLowerCase() + "; try again when it is loaded");
            }
            if (d.handles.isEmpty()) {
                if (d.ops instanceof NetworkDevice n) {
                    n.open();
                } else if (d.ops instanceof ScsiAdapter s) {
                    s.open();
                }
            }
            admit(name, holder.trim());
            Handle h = new Handle(d, holder.trim());
            d.handles.add(h);
            return h;
        }
    }

    /** Checks {@code nfile} and {@code maxfiles_lim} before a handle is opened; called under the lock. */
    private void admit(String name, String holder) throws KernelException {
        int total = 0;
        int held = 0;
        for (Device d : devices.values()) {
            total += d.handles.size();
            for (Handle h : d.handles) {
                if (h.holder.equals(holder)) {
                    held++;
                }
            }
        }
        long nfile = limits.get(KernelLimits.NFILE);
        if (total >= nfile) {
            throw new KernelException(Errno.ENFILE, "opening " + name + " for " + holder + ": " + total + " device"
                    + " handles are open kernel-wide, the limit nfile " + nfile + "; close some, or raise nfile"
                    + " (kmtune -s nfile=N, static: at the next boot)");
        }
        long perHolder = limits.get(KernelLimits.MAXFILES_LIM);
        if (held >= perHolder) {
            throw new KernelException(Errno.EMFILE, "opening " + name + " for " + holder + ": " + holder + " has "
                    + held + " device handles open, the limit maxfiles_lim " + perHolder + "; close some, or raise"
                    + " maxfiles_lim (kmtune -u -s maxfiles_lim=N, dynamic)");
        }
    }

    public List<DeviceHandle> handles() {
        synchronized (lock) {
            List<DeviceHandle> all = new ArrayList<>();
            for (Device d : devices.values()) {
                all.addAll(d.handles);
            }
            return all;
        }
    }

    private void closeDriver(Device d) {
        try {
            if (d.ops instanceof NetworkDevice n) {
                n.close();
            } else if (d.ops instanceof ScsiAdapter s) {
                s.close();
            }
        } catch (RuntimeException e) {
            log.log(d.owner.name(), "closing " + d.name + " failed: " + e);
        }
    }

    public List<PciDevice> pciDevices() {
        return bus.devices();
    }

    public List<PciDevice> consoleVisibleDevices() {
        return bus.consoleVisible();
    }
}
