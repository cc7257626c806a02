package org.dlkm.kernel.runtime.internal.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmxFileTest {
    private static final String F = "/vmfs/vm1/vm1.vmx";

    private static VmxFile.Config parse(String... lines) throws KernelException {
        return VmxFile.parse(F, "vm1", String.join("\n", lines) + "\n");
    }

    private static String refusal(String... lines) {
        KernelException e = assertThrows(KernelException.class, () -> parse(lines));
        assertEquals(Errno.EINVAL, e.errno());
        return e.getMessage();
    }

    @Test
    void anEsxTwoFileIsReadWithItsNicsAndDisksKeysCaseInsensitive() throws Exception {
        VmxFile.Config c = parse("# a VM", "config.version = \"6\"", "virtualHW.version = \"3\"",
                "guestOS = \"linux\"", "displayName = \"web server\"", "memsize = \"256\"",
                "ethernet0.present = \"TRUE\"", "Ethernet0.networkName = \"vmnic0\"", "ethernet0.virtualDev = \"vmxnet\"",
                "ethernet1.present = \"FALSE\"", "ethernet1.networkName = \"vmnic1\"",
                "scsi0.present = \"TRUE\"", "scsi0.virtualDev = \"vmxbuslogic\"", "scsi0:0.present = \"true\"",
                "scsi0:0.name = \"vmhba0:1:0\"", "scsi0:0.deviceType = \"scsi-hardDisk\"", "", "memsize2 = 1"
                        .replace("memsize2 = 1", "   # done"));
        assertEquals("web server", c.displayName());
        assertEquals(256, c.memsize());
        assertEquals(List.of(new VmxFile.Nic("ethernet0", "vmnic0", 8)), c.nics());
        assertEquals(List.of(new VmxFile.Disk("scsi0:0", "vmhba0", 1, 0, 15)), c.disks());
        assertEquals("vmhba0:1:0", c.disks().get(0).id());
    }

    @Test
    void theDisplayNameDefaultsToTheFileNameAndABareValueIsAccepted() throws Exception {
        assertEquals("vm1", parse("memsize = 64").displayName());
    }

    @Test
    void anUnknownKeyIsRefusedWithTheFileAndLine() {
        assertEquals(F + ":2: unknown key ethernet0.connectionType; the keys dlkm reads are config.version,"
                + " virtualHW.version, guestOS, displayName, memsize, ethernetN.present, ethernetN.networkName,"
                + " ethernetN.virtualDev, scsiN.present, scsiN.virtualDev, scsiN:M.present, scsiN:M.name,"
                + " scsiN:M.deviceType", refusal("memsize = \"64\"", "ethernet0.connectionType = \"bridged\""));
        assertEquals(F + ":1: unknown key ethernet4.present: a virtual machine has ethernet0 to ethernet3",
                refusal("ethernet4.present = \"TRUE\""));
        assertEquals(F + ":1: unknown key scsi0:16.present: a virtual SCSI ID is 0 to 15",
                refusal("scsi0:16.present = \"TRUE\""));
    }

    @Test
    void badValuesAreRefusedWithTheFileLineAndReason() {
        assertEquals(F + ":1: memsize 'lots' is not a decimal number", refusal("memsize = \"lots\""));
        assertEquals(F + ":1: memsize 3604 MB is out of range: a multiple of 4 from 4 to 3600",
                refusal("memsize = \"3604\""));
        assertEquals(F + ":1: memsize 66 MB is out of range: a multiple of 4 from 4 to 3600",
                refusal("memsize = \"66\""));
        assertEquals(F + ":1: ethernet0.present 'yes' is not TRUE or FALSE", refusal("ethernet0.present = \"yes\""));
        assertEquals(F + ":1: ethernet0.networkName 'eth 0' is not a VMkernel network device such as vmnic0",
                refusal("ethernet0.networkName = \"eth 0\""));
        assertEquals(F + ":1: ethernet0.virtualDev 'e1000' is not one of vlance, vmxnet",
                refusal("ethernet0.virtualDev = \"e1000\""));
        assertEquals(F + ":1: scsi0.virtualDev 'ide' is not one of vmxbuslogic, vmxlsilogic",
                refusal("scsi0.virtualDev = \"ide\""));
        assertEquals(F + ":1: scsi0:0.name 'vm1.dsk' is not a disk on a VMkernel adapter, adapter:target:lun such as"
                + " vmhba0:0:0", refusal("scsi0:0.name = \"vm1.dsk\""));
        assertEquals(F + ":1: scsi0:0.deviceType 'cdrom' is not one of scsi-hardDisk",
                refusal("scsi0:0.deviceType = \"cdrom\""));
        assertEquals(F + ":1: scsi0:7.present: SCSI ID 7 is the virtual adapter's own; use 0 to 6 or 8 to 15",
                refusal("scsi0:7.present = \"TRUE\""));
        assertEquals(F + ":1: displayName is empty", refusal("displayName = \"\""));
    }

    @Test
    void aLineThatIsNotASettingOrAKeySetTwiceIsRefused() {
        assertEquals(F + ":2: not a setting: expected key = \"value\", found 'memsize 64'",
                refusal("# comment", "memsize 64"));
        assertEquals(F + ":3: MemSize is set twice (first at line 1)", refusal("memsize = 64", "", "MemSize = 64"));
    }

    @Test
    void devicesMustBeWholeAndADiskNeedsItsAdapterAndIsNamedOnce() {
        assertEquals(F + ":2: ethernet0 is present but ethernet0.networkName is missing",
                refusal("memsize = 64", "ethernet0.present = TRUE"));
        assertEquals(F + ":2: scsi0:0 is present on scsi0, which is not: set scsi0.present = \"TRUE\"",
                refusal("memsize = 64", "scsi0:0.present = TRUE", "scsi0:0.name = vmhba0:0:0"));
        assertEquals(F + ":6: scsi0:1.name vmhba0:0:0 is already scsi0:0's (line 4): a disk is one virtual disk of"
                + " one machine", refusal("memsize = 64", "scsi0.present = TRUE", "scsi0:0.present = TRUE",
                        "scsi0:0.name = vmhba0:0:0", "scsi0:1.present = TRUE", "scsi0:1.name = vmhba0:0:0"));
        assertEquals(F + ": memsize is missing: set the memory in MB, memsize = \"256\"", refusal("guestOS = linux"));
    }

    @Test
    void aMissingFileIsEnoentAndABinaryOneIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        KernelException missing = assertThrows(KernelException.class,
                () -> VmxFile.read(dir.resolve("none.vmx"), "/vmfs/none.vmx"));
        assertEquals(Errno.ENOENT, missing.errno());
        Path bad = dir.resolve("bad.vmx");
        Files.write(bad, new byte[] {'m', '\n', (byte) 0xff});
        KernelException binary = assertThrows(KernelException.class, () -> VmxFile.read(bad, "/vmfs/bad.vmx"));
        assertEquals(Errno.EINVAL, binary.errno());
        assertEquals(true, binary.getMessage().startsWith("/vmfs/bad.vmx:2: "), binary.getMessage());
    }
}
