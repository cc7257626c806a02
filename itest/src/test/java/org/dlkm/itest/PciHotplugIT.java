package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.dlkm.itest.modules.hotfail.FailingDriverModule;
import org.dlkm.itest.modules.hotprobe.RefusingProbeModule;
import org.dlkm.itest.modules.nohotplug.ClaimingModule;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * PCI hot-plug through the shell, on the ESX manual's machine: {@code hotplug add} gives a VMkernel card to the loaded
 * driver that supports it, or autoloads the registered one; {@code hotplug remove} has the driver release its card,
 * unless a device of it is open; {@code scanpci}, {@code /proc/pci} and {@code /proc/vmware} follow every change;
 * every bad input and every failure leaves the bus and the kernel as they were, but for the card itself.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PciHotplugIT extends KernelTestSupport {
    /** The slots of the manual's machine. */
    private static final Set<String> MACHINE = Set.of("0:0", "0:7", "0:8", "0:10", "0:11", "0:12", "0:15");

    /** Takes out every card a test inserted, and the test modules it registered, before the modules are unloaded. */
    @After
    public void removeInsertedCards() throws Exception {
        devices.handles().forEach(DeviceHandle::close);
        if (kernel.query("nohotplug").isPresent()) {
            kernel.unload("nohotplug");
        }
        for (PciDevice d : devices.pciDevices()) {
            if (!MACHINE.contains(d.address().toString())) {
                devices.hotplugRemove(d.address());
            }
        }
        for (String name : List.of("hotfail", "nohotplug")) {
            if (catalog.entry(name).isPresent() && kernel.query(name).isEmpty()) {
                catalog.remove(name);
            }
        }
    }

    private Optional<PciDevice> card(String address) throws Exception {
        PciAddress slot = PciAddress.parse(address);
        return devices.pciDevices().stream().filter(d -> d.address().equals(slot)).findFirst();
    }

    private String slots() {
        return devices.pciDevices().stream().map(d -> d.address() + "=" + d.claimedBy().orElse("-") + "/" + d.owner())
                .collect(Collectors.joining(" "));
    }

    @Test
    public void aVmkernelCardIsProbedByTheLoadedDriverWithItsDeviceAndProcEntryAndHiddenFromTheConsole()
            throws Exception {
        ok("kmadmin -L e100");

        String out = ok("hotplug add 0:9 8086:1209");

        assertEquals("Inserted PCI 0:9 8086:1209 Intel Corporation 8255xER/82551IT Fast Ethernet Controller (vmkernel)\n"
                + "Probed by e100: vmnic1", out);
        assertEquals(List.of("vmnic0", "vmnic1"), kernel.query("e100").orElseThrow().devices());
        String entry = ok("cat /proc/vmware/net/vmnic1");
        assertTrue(entry, entry.contains("PCI address:    0:9 (8086:1209)"));
        assertEquals(Optional.of("e100"), card("0:9").orElseThrow().claimedBy());
        assertFalse(ok("scanpci").contains("cardnum 0x09"));
        assertFalse(ok("cat /proc/pci").contains("device   9"));
        assertTrue(ok("vmkload_mod -l").contains("vmnic0 vmnic1"));
    }

    @Test
    public void aCardNoLoadedDriverSupportsAutoloadsTheRegisteredDriverAndWhatItDependsOn() throws Exception {
        String out = ok("hotplug add 0:9 8086:1229");

        assertEquals("Inserted PCI 0:9 8086:1229 Intel Corporation 82557/8/9 [Ethernet Pro 100] (vmkernel)\n"
                + "Autoloaded vmklinux, e100\nClaimed by e100: vmnic1", out);
        assertEquals(List.of("vmnic0", "vmnic1"), kernel.query("e100").orElseThrow().devices());
        assertTrue(kernel.query("vmklinux").isPresent());
        assertEquals(List.of("vmnic0", "vmnic1"), proc.list("/proc/vmware/net"));
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("e100") && log.contains("PCI hot-plug of 0:9 (8086:1229)"));
        assertTrue(ok("kmadmin -Q e100").endsWith("\nLoaded By               autoload: PCI hot-plug of 0:9 (8086:1229),"
                + " for hotplug"));
    }

    @Test
    public void withAutoloadOffTheCardIsInsertedUnclaimedAndTheRefusalSaysHowToTurnItOn() throws Exception {
        ok("kmtune -u -s modautoload=0");
        try {
            assertEquals("hotplug: PCI 0:9 (8086:1229) is inserted, unclaimed: autoloading e100 failed: e100: not loaded,"
                    + " and autoload is off (modautoload is 0), so the kernel did not load it for hotplug (PCI hot-plug"
                    + " of 0:9 (8086:1229)); load it with kmadmin -L e100, or turn autoload on with kmtune -u -s"
                    + " modautoload=1 (ENOENT)", refused("hotplug add 0:9 8086:1229"));
            assertEquals(Optional.empty(), card("0:9").orElseThrow().claimedBy());
            assertTrue(kernel.list().isEmpty());
        } finally {
            ok("kmtune -u -r modautoload");
        }
    }

    @Test
    public void aCardWhoseDeviceIsOpenIsNotRemovedAndTheRefusalNamesTheHolder() throws Exception {
        ok("kmadmin -L e100");
        ok("hotplug add 0:9 8086:1209");
        ok("vmkdev -o vmnic1 vm7");
        String before = slots();

        assertEquals("hotplug: PCI 0:9 (8086:1209, claimed by e100): vmnic1 is held open by vm7; close it first"
                + " (vmkdev -c vmnic1 vm7) (EBUSY)", refused("hotplug remove 0:9"));

        assertEquals(before, slots());
        assertTrue(proc.exists("/proc/vmware/net/vmnic1"));
        ok("vmkdev -c vmnic1 vm7");
        assertEquals("Removed PCI 0:9 8086:1209 Intel Corporation 8255xER/82551IT Fast Ethernet Controller\n"
                + "Released by e100: vmnic1 gone", ok("hotplug remove 0:9"));
        assertFalse(proc.exists("/proc/vmware/net/vmnic1"));
        assertTrue(card("0:9").isEmpty());
        assertEquals(List.of("vmnic0"), kernel.query("e100").orElseThrow().devices());
    }

    @Test
    public void aCardTheDriverClaimedAtLoadCanBeRemovedAndInsertedAgain() throws Exception {
        ok("kmadmin -L e100");

        assertEquals("Removed PCI 0:7 8086:1229 Intel Corporation 82557/8/9 [Ethernet Pro 100]\n"
                + "Released by e100: vmnic0 gone", ok("hotplug remove 0:7"));
        assertEquals(List.of(), kernel.query("e100").orElseThrow().devices());
        assertFalse(proc.exists("/proc/vmware/net/vmnic0"));

        assertTrue(ok("hotplug add 0:7 8086:1229").endsWith("\nProbed by e100: vmnic0"));
        assertEquals(List.of("vmnic0"), proc.list("/proc/vmware/net"));
    }

    @Test
    public void aConsoleCardIsOnlyInsertedAndScanpciAndProcPciShowItUntilItIsRemoved() throws Exception {
        assertEquals("Inserted PCI 0:13 8086:1209 Intel Corporation 8255xER/82551IT Fast Ethernet Controller (console)",
                ok("hotplug add 0x0000:0x0d 0x8086:0x1209 console"));
        assertTrue(kernel.list().isEmpty());
        assertTrue(ok("scanpci").contains("pci bus 0x0000 cardnum 0x0d function 0x0000: vendor 0x8086 device 0x1209\n"
                + " Intel Corporation 8255xER/82551IT Fast Ethernet Controller"));
        assertTrue(ok("cat /proc/pci").contains("  Bus  0, device  13, function  0:\n    Ethernet controller: Intel"
                + " Corporation 8255xER/82551IT Fast Ethernet Controller (8086:1209)."));

        assertEquals("Removed PCI 0:13 8086:1209 Intel Corporation 8255xER/82551IT Fast Ethernet Controller",
                ok("hotplug remove 0:13"));
        assertFalse(ok("scanpci").contains("cardnum 0x0d"));
        assertFalse(ok("cat /proc/pci").contains("device  13"));
    }

    @Test
    public void aSharedCardIsClaimedByItsDriverAndStaysVisibleToTheConsole() throws Exception {
        String out = ok("hotplug add 0:14 9005:001f shared");

        assertTrue(out, out.endsWith("\nAutoloaded vmklinux, aic7xxx\nClaimed by aic7xxx: vmhba2"));
        assertEquals(PciOwner.SHARED, card("0:14").orElseThrow().owner());
        assertTrue(ok("cat /proc/pci").contains("device  14"));
        assertTrue(ok("cat /proc/vmware/scsi/vmhba2").contains("0:14"));
    }

    @Test
    public void aCardNoRegisteredModuleDrivesStaysUnclaimedAndSaysWhy() throws Exception {
        assertEquals("Inserted PCI 0:16 1002:4752 ATI Technologies Inc Rage XL (vmkernel)\n"
                + "Unclaimed: no registered module's $PCI_ID lists 1002:4752", ok("hotplug add 0:16 1002:4752"));
        assertTrue(kernel.list().isEmpty());
        assertEquals(Optional.empty(), card("0:16").orElseThrow().claimedBy());
    }

    @Test
    public void aDriverThatIsNotConfiguredIsNotAutoloadedAndTheCardSaysHowToConfigureIt() throws Exception {
        ok("kmsystem -c N e100");
        try {
            String out = ok("hotplug add 0:9 8086:1229");
            assertTrue(out, out.endsWith("\nUnclaimed: its driver may not be autoloaded: e100 is not configured"
                    + " ($CONFIGURE N; kmsystem -c Y e100)"));
            assertTrue(kernel.list().isEmpty());
        } finally {
            ok("kmsystem -c Y e100");
        }
    }

    @Test
    public void everyBadInputIsRefusedWithTheThingAndTheReasonAndChangesNothing() throws Exception {
        ok("kmadmin -L e100");
        String before = slots();
        List<String> expected = List.of(
                "hotplug: malformed PCI address '0:40': slot 40 is out of range 0-31 (EINVAL)",
                "hotplug: malformed PCI address 'nine': expected bus:slot, for example 0:12 (EINVAL)",
                "hotplug: malformed PCI address '0:0x1g': expected bus:slot in decimal (0:12) or in hexadecimal as"
                        + " scanpci prints it (0x0000:0x0c) (EINVAL)",
                "hotplug: PCI slot 0:7 is taken by 8086:1229 Intel Corporation 82557/8/9 [Ethernet Pro 100]; remove"
                        + " that card first with hotplug remove 0:7 (EEXIST)",
                "hotplug: malformed PCI vendor:device '8086-1229': expected two 4-digit hexadecimal IDs, as in"
                        + " 8086:1229 (EINVAL)",
                "hotplug: PCI vendor:device 'ffff:1229': vendor ffff means no device is present (EINVAL)",
                "hotplug: unknown owner 'kernel'; a card is assigned to vmkernel, console or shared (EINVAL)",
                "hotplug: PCI 0:30: no card in that slot (cards at: 0:0, 0:7, 0:8, 0:10, 0:11, 0:12, 0:15) (ENODEV)");
        List<String> lines = List.of("hotplug add 0:40 8086:1229", "hotplug add nine 8086:1229",
                "hotplug add 0:0x1g 8086:1229", "hotplug add 0:7 8086:1209", "hotplug add 0:9 8086-1229",
                "hotplug add 0:9 ffff:1229", "hotplug add 0:9 8086:1229 kernel", "hotplug remove 0:30");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(lines.get(i), expected.get(i), refused(lines.get(i)));
            assertEquals(lines.get(i), before, slots());
        }
        String unknown = refused("hotplug add 1:0 1234:5678");
        assertTrue(unknown, unknown.startsWith("hotplug: PCI 1:0: no card 1234:5678 is known to the simulated machine"
                + " (known: 1002:4752, 8086:1209, 8086:1229, "));
        assertTrue(unknown, unknown.endsWith(") (ENODEV)"));
        assertTrue(refused("hotplug").startsWith("hotplug: add or remove is required\nUsage: hotplug add"));
        assertTrue(refused("hotplug insert 0:9 8086:1229").startsWith("hotplug: unknown action 'insert'; the actions"
                + " are add and remove\n"));
        assertTrue(refused("hotplug remove").startsWith("hotplug: hotplug remove takes one BUS:SLOT\n"));
        assertEquals(before, slots());
        assertEquals(List.of("vmnic0"), kernel.query("e100").orElseThrow().devices());
    }

    @Test
    public void aFailedAutoloadLeavesTheCardUnclaimedAndNothingOfTheModule() throws Exception {
        catalog.install(TestModuleJar.withMaster("hotfail", FailingDriverModule.class, FAILING_DRIVER_MASTER));

        assertEquals("hotplug: PCI 0:20 (8086:7111) is inserted, unclaimed: autoloading hotfail failed: hotfail: demand"
                + " load failed at step 1 of 1 (loading hotfail): hotfail: load failed: cannot allocate the descriptor"
                + " ring (ENOMEM)", refused("hotplug add 0:20 8086:7111"));

        assertEquals(Optional.empty(), card("0:20").orElseThrow().claimedBy());
        assertTrue(kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.hotfail").isEmpty());
        assertTrue(devices.devices().isEmpty());
        assertFalse(proc.exists("/proc/vmware/hotfail"));
        assertTrue(threadsNamed("dlkm-hotfail").isEmpty());
    }

    @Test
    public void aProbeThatFailsHasItsDeviceWithdrawnAndTheCardReleased() throws Exception {
        Path jar = TestModuleJar.build("hotprobe", RefusingProbeModule.class, "wsio_class");
        ok("vmkload_mod " + jar + " vmxprobe");

        assertEquals("hotplug: PCI 0:21 (8086:7112) is inserted, unclaimed: hotprobe's probe failed:"
                + " java.lang.IllegalStateException: the card's firmware did not answer (EIO)",
                refused("hotplug add 0:21 8086:7112"));

        assertEquals(Optional.empty(), card("0:21").orElseThrow().claimedBy());
        assertEquals(List.of(), kernel.query("hotprobe").orElseThrow().devices());
        assertFalse(proc.exists("/proc/vmware/net/vmxprobe0"));
        assertTrue(ok("cat /proc/vmware/log").contains("hotprobe: hot-plug probe of PCI 0:21 failed; withdrew vmxprobe0"
                + " and released the card"));
    }

    @Test
    public void aDriverWithoutAHotplugListenerTakesNoNewCardAndKeepsTheCardsItClaimed() throws Exception {
        catalog.install(TestModuleJar.withMaster("nohotplug", ClaimingModule.class, "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n"
                + "$INTERFACE\nbase\n$$$\n$TYPE\nnohotplug wsio_class\n$$$\n$PCI_ID\n8086 7111\n$$$\n"));
        ok("kmadmin -L nohotplug");

        String out = ok("hotplug add 0:20 8086:7111");

        assertTrue(out, out.endsWith("\nUnclaimed: nohotplug lists it and is loaded, but did not take the card; unload"
                + " and load the driver again to bind it"));
        ok("kmadmin -U nohotplug");
        ok("kmadmin -L nohotplug");
        assertEquals(Optional.of("nohotplug"), card("0:20").orElseThrow().claimedBy());
        String before = slots();
        assertEquals("hotplug: PCI 0:20 (8086:7111, claimed by nohotplug): nohotplug does not release hot-plugged"
                + " cards; unload nohotplug first (EBUSY)", refused("hotplug remove 0:20"));
        assertEquals(before, slots());
    }

    /** A loadable WSIO driver of vmxfail devices for the PIIX4 IDE card, with no dependencies. */
    static final String FAILING_DRIVER_MASTER = """
            * hotfail: a driver whose load fails
            $VERSION
            1
            $$$
            $LOADABLE
            $$$
            $INTERFACE
            base
            $$$
            $TYPE
            hotfail wsio_class
            $$$
            $DRIVER_INSTALL
            vmxfail -1 -1
            $$$
            $PCI_ID
            8086 7111
            $$$
            """;
}
