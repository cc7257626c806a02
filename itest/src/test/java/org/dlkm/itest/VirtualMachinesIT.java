package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Virtual machines on the manual's machine: {@code .vmx} files under the home's {@code vmfs/}, registered, started
 * and stopped with {@code vmware-cmd}; a running machine holds its devices (its driver autoloaded, busy, the device's
 * open count and proc entry naming it) and has {@code /proc/vmware/vm/<ID>/}; every refusal leaves nothing behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VirtualMachinesIT extends VirtualMachineSupport {

    private String nicVm(String name, String nic) throws IOException {
        return vmx(name, "config.version = \"6\"", "virtualHW.version = \"3\"", "displayName = \"" + name + "\"",
                "guestOS = \"linux\"", "memsize = \"256\"", "ethernet0.present = \"TRUE\"",
                "ethernet0.networkName = \"" + nic + "\"");
    }

    private String diskVm(String name, String disk) throws IOException {
        return vmx(name, "displayName = \"" + name + "\"", "memsize = \"128\"", "scsi0.present = \"TRUE\"",
                "scsi0.virtualDev = \"vmxbuslogic\"", "scsi0:0.present = \"TRUE\"", "scsi0:0.name = \"" + disk + "\"",
                "scsi0:0.deviceType = \"scsi-hardDisk\"");
    }

    @Test
    public void aVirtualMachineOnVmnic0IsRegisteredStartedHoldingItsNicAndStoppedAndUnregistered() throws Exception {
        String vm1 = nicVm("vm1", "vmnic0");
        assertEquals("register(/vmfs/vm1/vm1.vmx) = 1", ok("vmware-cmd -s register " + vm1).strip());
        assertEquals("/vmfs/vm1/vm1.vmx", ok("vmware-cmd -l").strip());
        assertEquals("getstate() = off", ok("vmware-cmd " + vm1 + " getstate").strip());
        assertTrue(kernel.list().isEmpty());

        assertEquals("start() = 1", ok("vmware-cmd " + vm1 + " start").strip());
        assertEquals("getstate() = on", ok("vmware-cmd " + vm1 + " getstate").strip());
        String getid = ok("vmware-cmd " + vm1 + " getid").strip();
        assertTrue(getid, getid.matches("getid\\(\\) = 1[3-9][0-9]"));
        String id = getid.substring("getid() = ".length());
        String holder = "vm" + id;

        assertTrue(kernel.query("e100").isPresent());
        assertEquals(List.of(holder), devices.device("vmnic0").orElseThrow().holders());
        assertTrue(ok("cat /proc/vmware/net/vmnic0").contains("Open count:     1 (" + holder + ")"));
        String query = ok("kmadmin -Q e100");
        assertTrue(query, query.contains("\nHeld By                 vmnic0 by " + holder));
        assertTrue(query, query.endsWith("\nLoaded By               autoload: device open vmnic0, for " + holder));
        assertTrue(ok("cat /proc/vmware/log").contains("vm: started vm1 (VM ID " + id + ") from /vmfs/vm1/vm1.vmx:"
                + " vmnic0"));
        assertEquals("vmkload_mod: e100: module is busy: vmnic0 is held open by " + holder + "; close it first (EBUSY)",
                refused("vmkload_mod -u e100"));
        assertEquals("devices\nnames\nnet/\nstate", ok("ls /proc/vmware/vm/" + id).strip());
        assertEquals("vmid=" + id + " displayName=\"vm1\" cfgFile=\"/vmfs/vm1/vm1.vmx\"",
                ok("cat /proc/vmware/vm/" + id + "/names").strip());
        assertEquals("on", ok("cat /proc/vmware/vm/" + id + "/state").strip());
        assertTrue(ok("cat /proc/vmware/vm/" + id + "/devices").startsWith("ethernet0  vmnic0       shared"));
        assertEquals("Device:         vmnic0\nTx packets:     0\nTx bytes:       0",
                ok("cat /proc/vmware/vm/" + id + "/net/ethernet0").strip());

        assertTrue(refused("vmware-cmd " + vm1 + " start").endsWith(": the virtual machine is already on (VM ID "
                + id + ") (EBUSY)"));
        assertTrue(refused("vmware-cmd -s unregister " + vm1).contains("the virtual machine is running"));

        assertEquals("stop() = 1", ok("vmware-cmd " + vm1 + " stop").strip());
        assertEquals(List.of(), devices.device("vmnic0").orElseThrow().holders());
        assertFalse(proc.exists("/proc/vmware/vm/" + id));
        assertEquals("getstate() = off", ok("vmware-cmd " + vm1 + " getstate").strip());
        assertEquals("vmware-cmd: /vmfs/vm1/vm1.vmx: the virtual machine is not running (getstate() = off); it has a"
                + " VM ID only while it runs (EINVAL)", refused("vmware-cmd " + vm1 + " getid"));
        ok("vmkload_mod -u e100");

        assertEquals("unregister(/vmfs/vm1/vm1.vmx) = 1", ok("vmware-cmd -s unregister " + vm1).strip());
        assertEquals("", ok("vmware-cmd -l").strip());
        assertTrue(Files.exists(vmfs().resolve("vm1/vm1.vmx")));
    }

    @Test
    public void eachStartGetsTheNextIdAndRelativePathsResolveAsCatResolvesThem() throws Exception {
        String a = nicVm("vma", "vmnic0");
        String b = nicVm("vmb", "vmnic0");
        ok("vmware-cmd -s register " + a);
        ok("vmware-cmd -s register " + b);
        ok("vmware-cmd " + a + " start");
        ok("vmware-cmd " + b + " start");
        int ida = Integer.parseInt(ok("vmware-cmd " + a + " getid").strip().substring("getid() = ".length()));
        int idb = Integer.parseInt(ok("vmware-cmd " + b + " getid").strip().substring("getid() = ".length()));
        assertEquals(ida + 1, idb);
        assertEquals(2, devices.device("vmnic0").orElseThrow().openCount());
        assertEquals("stop() = 1", ok("cd /vmfs/vmb; vmware-cmd vmb.vmx stop").strip());
        assertEquals(List.of("vm" + ida), devices.device("vmnic0").orElseThrow().holders());
    }

    @Test
    public void aDiskIsUsedByOneRunningMachineAtATimeAndARefusedStartLeavesNothing() throws Exception {
        String d1 = diskVm("d1", "vmhba0:0:0");
        String d2 = vmx("d2", "displayName = \"d2\"", "memsize = \"128\"", "ethernet0.present = \"TRUE\"",
                "ethernet0.networkName = \"vmnic0\"", "scsi0.present = \"TRUE\"", "scsi0:0.present = \"TRUE\"",
                "scsi0:0.name = \"vmhba0:0:0\"");
        ok("vmware-cmd -s register " + d1);
        ok("vmware-cmd -s register " + d2);
        ok("vmware-cmd " + d1 + " start");
        int id = Integer.parseInt(ok("vmware-cmd " + d1 + " getid").strip().substring("getid() = ".length()));
        assertEquals(List.of("vm" + id), devices.device("vmhba0").orElseThrow().holders());
        assertEquals("scsi0:0    vmhba0:0:0   exclusive", ok("cat /proc/vmware/vm/" + id + "/devices").strip());

        assertEquals("vmware-cmd: /vmfs/d2/d2.vmx:7: scsi0:0.name vmhba0:0:0 is in use by the running virtual machine"
                + " d1 (VM ID " + id + "); a disk is used by one running machine at a time: stop it first (EBUSY)",
                refused("vmware-cmd " + d2 + " start"));
        assertTrue(kernel.query("e100").isEmpty());
        assertEquals("getstate() = off", ok("vmware-cmd " + d2 + " getstate").strip());

        ok("vmware-cmd " + d1 + " stop");
        ok("vmware-cmd " + d2 + " start");
        int next = Integer.parseInt(ok("vmware-cmd " + d2 + " getid").strip().substring("getid() = ".length()));
        assertEquals("a refused start uses no VM ID", id + 1, next);
    }

    @Test
    public void aDeviceNoDriverCreatesFailsTheStartWithItsLineAndLeavesNoDeviceOpenNoProcEntryNoId() throws Exception {
        String good = nicVm("good", "vmnic0");
        String bad = vmx("bad", "memsize = \"64\"", "ethernet0.present = \"TRUE\"", "ethernet0.networkName = \"vmnic0\"",
                "ethernet1.present = \"TRUE\"", "ethernet1.networkName = \"vmnic7\"");
        ok("vmware-cmd -s register " + good);
        ok("vmware-cmd -s register " + bad);
        ok("vmware-cmd " + good + " start");
        int id = Integer.parseInt(ok("vmware-cmd " + good + " getid").strip().substring("getid() = ".length()));

        String refusal = refused("vmware-cmd " + bad + " start");
        assertEquals("vmware-cmd: /vmfs/bad/bad.vmx:5: ethernet1.networkName vmnic7: vmnic7: no such device (devices:"
                + " vmnic0); e100, the driver of vmnic devices, is loaded and created no vmnic7 (ENODEV)", refusal);
        assertEquals(List.of("vm" + id), devices.device("vmnic0").orElseThrow().holders());
        assertFalse(proc.exists("/proc/vmware/vm/" + (id + 1)));
        ok("vmware-cmd " + good + " stop");
        ok("vmware-cmd " + good + " start");
        assertEquals("getid() = " + (id + 1), ok("vmware-cmd " + good + " getid").strip());
    }

    @Test
    public void badConfigurationsAreRefusedWithTheFileTheLineAndTheReasonAndChangeNothing() throws Exception {
        String unknown = vmx("unknown", "memsize = \"64\"", "ethernet0.connectionType = \"bridged\"");
        assertTrue(refused("vmware-cmd -s register " + unknown).startsWith("vmware-cmd: /vmfs/unknown/unknown.vmx:2:"
                + " unknown key ethernet0.connectionType; the keys dlkm reads are "));
        String badValue = vmx("badvalue", "memsize = \"lots\"");
        assertEquals("vmware-cmd: /vmfs/badvalue/badvalue.vmx:1: memsize 'lots' is not a decimal number (EINVAL)",
                refused("vmware-cmd -s register " + badValue));
        assertEquals("", ok("vmware-cmd -l").strip());

        String later = nicVm("later", "vmnic0");
        ok("vmware-cmd -s register " + later);
        Files.writeString(vmfs().resolve("later/later.vmx"), "memsize = \"64\"\nethernet0.present = \"maybe\"\n");
        assertEquals("vmware-cmd: /vmfs/later/later.vmx:2: ethernet0.present 'maybe' is not TRUE or FALSE (EINVAL)",
                refused("vmware-cmd " + later + " start"));
        assertTrue(kernel.list().isEmpty());
    }

    @Test
    public void machinesThatAreNotRegisteredOrNotRunningAreRefused() throws Exception {
        String vm = nicVm("lone", "vmnic0");
        assertEquals("vmware-cmd: /vmfs/lone/lone.vmx: not a registered virtual machine; register it with vmware-cmd"
                + " -s register /vmfs/lone/lone.vmx (ENOENT)", refused("vmware-cmd " + vm + " start"));
        ok("vmware-cmd -s register " + vm);
        assertEquals("vmware-cmd: /vmfs/lone/lone.vmx: already registered (EEXIST)",
                refused("vmware-cmd -s register " + vm));
        assertEquals("vmware-cmd: /vmfs/lone/lone.vmx: the virtual machine is not running (getstate() = off);"
                + " vmware-cmd /vmfs/lone/lone.vmx start starts it (EINVAL)", refused("vmware-cmd " + vm + " stop"));
        assertEquals("vmware-cmd: /vmfs/none/none.vmx: no such configuration file (ENOENT)",
                refused("vmware-cmd -s register /vmfs/none/none.vmx"));
        assertTrue(refused("vmware-cmd " + vm + " reset").startsWith("vmware-cmd: unknown operation reset"));
        assertTrue(kernel.list().isEmpty());
    }
}
