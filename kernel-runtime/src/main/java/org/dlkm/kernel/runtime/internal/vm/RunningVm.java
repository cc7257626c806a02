package org.dlkm.kernel.runtime.internal.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.NetworkDevice;

/**
 * A running virtual machine: its VM ID, its configuration as it was read at start, and the device handles it holds
 * (holder {@code vm<ID>}). The transmit path of each virtual NIC ({@link Nic}) is where a filter room attaches.
 *
 * <p>Threading: immutable but for the NICs' counters, which are atomic; the handles are closed by
 * {@link VirtualMachinesImpl} alone, after the stop listeners ran.
 */
public final class RunningVm {
    /**
     * A virtual NIC of a running machine: {@code ethernet0} on {@code vmnic0}, with the transmit counters
     * {@code /proc/vmware/vm/<ID>/net/ethernet0} shows.
     */
    public static final class Nic {
        private final String name;
        private final DeviceHandle handle;
        private final AtomicLong txPackets = new AtomicLong();
        private final AtomicLong txBytes = new AtomicLong();

        Nic(String name, DeviceHandle handle) {
            this.name = name;
            this.handle = handle;
        }

        /** @return the virtual NIC's name in the configuration, {@code ethernet0} */
        public String name() {
            return name;
        }

        /** @return the VMkernel device it is on, {@code vmnic0} */
        public String deviceName() {
            return handle.deviceName();
        }

        /** @return the network device, while the machine runs */
        public NetworkDevice device() {
            return handle.device(NetworkDevice.class);
        }

        /** Counts one frame the machine transmitted on this NIC. */
        public void transmitted(int bytes) {
            txPackets.incrementAndGet();
            txBytes.addAndGet(bytes);
        }

        /** @return frames transmitted by the machine on this NIC */
        public long txPackets() {
            return txPackets.get();
        }

        /** @return bytes transmitted by the machine on this NIC */
        public long txBytes() {
            return txBytes.get();
        }
    }

    private final int id;
    private final Path configFile;
    private final VmxFile.Config config;
    private final List<Nic> nics;
    private final List<DeviceHandle> disks;

    RunningVm(int id, Path configFile, VmxFile.Config config, List<Nic> nics, List<DeviceHandle> disks) {
        this.id = id;
        this.configFile = configFile;
        this.config = config;
        this.nics = List.copyOf(nics);
        this.disks = List.copyOf(disks);
    }

    /** @return the VM ID */
    public int id() {
        return id;
    }

    /** @return the holder name of its devices, {@code vm137} */
    public String holder() {
        return org.dlkm.kernel.vm.VirtualMachines.holderName(id);
    }

    /** @return its display name */
    public String displayName() {
        return config.displayName();
    }

    /** @return its configuration file */
    public Path configFile() {
        return configFile;
    }

    /** @return its configuration as read at start */
    public VmxFile.Config config() {
        return config;
    }

    /** @return its virtual NICs, in the order of the file */
    public List<Nic> nics() {
        return nics;
    }

    /** @return the devices it holds: its NICs' network devices, then its disks ({@code vmhba0:0:0}) */
    List<String> devices() {
        List<String> names = new java.util.ArrayList<>();
        nics.forEach(n -> names.add(n.deviceName()));
        config.disks().forEach(d -> names.add(d.id()));
        return names;
    }

    /** Closes every handle. Idempotent. */
    void closeDevices() {
        nics.forEach(n -> n.handle.close());
        disks.forEach(DeviceHandle::close);
    }
}
