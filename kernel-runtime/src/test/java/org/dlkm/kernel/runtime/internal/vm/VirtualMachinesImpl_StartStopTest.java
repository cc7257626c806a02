package org.dlkm.kernel.runtime.internal.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.ScsiAdapter;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.vm.VmState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts and stops over a device service that knows vmnic0 and vmhba0 (16 targets) and nothing else. */
class VirtualMachinesImpl_StartStopTest {
    @TempDir
    Path home;

    private final List<String> open = new ArrayList<>();
    private final ProcTreeImpl proc = new ProcTreeImpl();
    private VirtualMachinesImpl vms;

    @BeforeEach
    void kernel() {
        vms = new VirtualMachinesImpl(home, (DeviceService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DeviceService.class}, (p, m, a) -> {
                    if (!m.getName().equals("open")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return open((String) a[0], (String) a[1]);
                }), proc, new KernelLog(Clock.systemUTC()));
    }

    private DeviceHandle open(String name, String holder) throws KernelException {
        Object device;
        if (name.equals("vmnic0")) {
            device = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NetworkDevice.class},
                    (p, m, a) -> null);
        } else if (name.equals("vmhba0")) {
            device = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ScsiAdapter.class},
                    (p, m, a) -> m.getName().equals("maxTargets") ? 16 : null);
        } else {
            throw new KernelException(Errno.ENODEV, name + ": no such device");
        }
        String entry = name + " by " + holder;
        open.add(entry);
        return FakeHandle.of(name, holder, device, () -> open.remove(entry));
    }

    private Path vmx(String name, String... lines) throws Exception {
        Path f = home.resolve("vmfs").resolve(name).resolve(name + ".vmx");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "memsize = \"64\"\n" + String.join("\n", lines) + "\n");
        vms.register(f);
        return f;
    }

    @Test
    void aStartOpensEveryDeviceAsVmIdAndPublishesItsEntriesAndAStopUndoesAll() throws Exception {
        Path f = vmx("vm1", "ethernet0.present = TRUE", "ethernet0.networkName = vmnic0", "scsi0.present = TRUE",
                "scsi0:0.present = TRUE", "scsi0:0.name = vmhba0:3:0");
        List<RunningVm> stopped = new ArrayList<>();
        vms.addStopListener(vm -> {
            assertEquals(2, open.size(), "a stop listener runs while the devices are open");
            stopped.add(vm);
        });

        assertEquals(VirtualMachinesImpl.FIRST_ID, vms.start(f).id());
        assertEquals(List.of("vmnic0 by vm137", "vmhba0 by vm137"), open);
        assertEquals(List.of("vmnic0", "vmhba0:3:0"), vms.state(f).devices());
        assertEquals("vmnic0", vms.byId(137).orElseThrow().nics().get(0).deviceName());
        assertTrue(proc.exists("/proc/vmware/vm/137/net/ethernet0"));

        assertEquals(VmState.OFF, vms.stop(f).state());
        assertEquals(List.of(), open);
        assertFalse(proc.exists("/proc/vmware/vm/137"));
        assertEquals(137, stopped.get(0).id());
        assertTrue(vms.byId(137).isEmpty());
        assertEquals(138, vms.start(f).id());
    }

    @Test
    void aFailedStartClosesWhatItOpenedPublishesNothingAndUsesNoId() throws Exception {
        Path f = vmx("vm1", "ethernet0.present = TRUE", "ethernet0.networkName = vmnic0", "ethernet1.present = TRUE",
                "ethernet1.networkName = vmnic7");
        KernelException e = assertThrows(KernelException.class, () -> vms.start(f));
        assertEquals(Errno.ENODEV, e.errno());
        assertEquals("/vmfs/vm1/vm1.vmx:5: ethernet1.networkName vmnic7: vmnic7: no such device", e.getMessage());
        assertEquals(List.of(), open);
        assertFalse(proc.exists("/proc/vmware/vm"));
        assertEquals(List.of(), vms.running());

        Path g = vmx("vm2", "ethernet0.present = TRUE", "ethernet0.networkName = vmhba0");
        assertEquals("/vmfs/vm2/vm2.vmx:3: ethernet0.networkName vmhba0 is not a network device",
                assertThrows(KernelException.class, () -> vms.start(g)).getMessage());
        Path h = vmx("vm3", "scsi0.present = TRUE", "scsi0:0.present = TRUE", "scsi0:0.name = vmhba0:16:0");
        assertEquals("/vmfs/vm3/vm3.vmx:4: scsi0:0.name vmhba0:16:0: vmhba0 has targets 0 to 15",
                assertThrows(KernelException.class, () -> vms.start(h)).getMessage());
        assertEquals(List.of(), open);
        assertEquals(137, vms.start(vmx("vm4")).id());
    }

    @Test
    void aDiskIsExclusiveAndANetworkDeviceShared() throws Exception {
        Path a = vmx("a", "ethernet0.present = TRUE", "ethernet0.networkName = vmnic0", "scsi0.present = TRUE",
                "scsi0:0.present = TRUE", "scsi0:0.name = vmhba0:0:0");
        Path b = vmx("b", "ethernet0.present = TRUE", "ethernet0.networkName = vmnic0", "scsi0.present = TRUE",
                "scsi0:1.present = TRUE", "scsi0:1.name = vmhba0:0:0");
        Path c = vmx("c", "ethernet0.present = TRUE", "ethernet0.networkName = vmnic0", "scsi0.present = TRUE",
                "scsi0:0.present = TRUE", "scsi0:0.name = vmhba0:1:0");
        vms.start(a);
        KernelException e = assertThrows(KernelException.class, () -> vms.start(b));
        assertEquals(Errno.EBUSY, e.errno());
        assertTrue(e.getMessage().startsWith("/vmfs/b/b.vmx:6: scsi0:1.name vmhba0:0:0 is in use by the running"
                + " virtual machine a (VM ID 137)"), e.getMessage());
        assertEquals(138, vms.start(c).id());
        assertEquals(4, open.size());
    }

    @Test
    void theRegistrationsSurviveTheKernelAndARunningMachineCannotBeUnregistered() throws Exception {
        Path f = vmx("vm1");
        vms.start(f);
        assertEquals(Errno.EBUSY, assertThrows(KernelException.class, () -> vms.unregister(f)).errno());
        vms.stopAll();
        assertEquals(List.of(f), new VirtualMachinesImpl(home, null, proc, new KernelLog(Clock.systemUTC()))
                .registered());
        vms.unregister(f);
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> vms.start(f)).errno());
        assertEquals(List.of(), vms.registered());
    }
}
