package org.dlkm.kernel.runtime.internal.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciClass;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;
import org.junit.jupiter.api.Test;

class PciBusTest {

    private static final Predicate<PciDevice> E100 = d -> d.vendorId() == 0x8086 && d.deviceId() == 0x1229;
    private static final Predicate<PciDevice> AIC7XXX = d -> d.deviceClass() == PciClass.SCSI;

    private final PciBus bus = new PciBus(HardwareDescription.defaultMachine());

    private static PciAddress at(int slot) {
        return new PciAddress(0, slot, 0);
    }

    private static List<PciAddress> addresses(List<PciDevice> devices) {
        return devices.stream().map(PciDevice::address).toList();
    }

    private PciDevice device(int slot) {
        return bus.find(at(slot)).orElseThrow();
    }

    @Test
    void theBusListsEveryDeviceInAddressOrder() {
        assertEquals(List.of(at(0), at(7), at(8), at(10), at(11), at(12), at(15)), addresses(bus.devices()));
    }

    @Test
    void devicesAreListedInAddressOrderWhateverTheFileOrder() throws Exception {
        PciBus b = new PciBus(HardwareDescription.parse("t", """
                1:0    1234:0001 usb console a
                0:3.2  1234:0002 usb console b
                0:3    1234:0003 usb console c
                """));

        assertEquals(List.of(new PciAddress(0, 3, 0), new PciAddress(0, 3, 2), new PciAddress(1, 0, 0)),
                addresses(b.devices()));
    }

    @Test
    void aBusWithTwoDevicesAtOneAddressCannotBeBuilt() {
        PciSlot slot = HardwareDescription.defaultMachine().get(0);

        assertThrows(IllegalArgumentException.class, () -> new PciBus(List.of(slot, slot)));
    }

    @Test
    void theServiceConsoleDoesNotSeeDevicesAssignedToTheVmkernel() {
        assertEquals(List.of(at(0), at(8), at(12), at(15)), addresses(bus.consoleVisible()));
    }

    @Test
    void findReturnsTheDeviceAtAnAddressOrNothing() {
        assertEquals("Adaptec AIC-7890/1 Ultra2 SCSI", device(12).description());
        assertEquals(Optional.empty(), bus.find(at(13)));
    }

    @Test
    void aDriverClaimsOnlyTheMatchingDevicesAssignedToTheVmkernel() {
        List<PciDevice> claimed = bus.claim("e100", E100, Set.of());

        assertEquals(List.of(at(7)), addresses(claimed));
        assertEquals(Optional.of("e100"), device(7).claimedBy());
        assertEquals(PciOwner.VMKERNEL, device(7).owner());
        assertEquals(Optional.empty(), device(8).claimedBy());
        assertEquals(PciOwner.CONSOLE, device(8).owner());
    }

    @Test
    void claimsAreExclusiveSoASecondDriverGetsNothing() throws Exception {
        bus.claim("aic7xxx", AIC7XXX, Set.of());

        assertEquals(List.of(), bus.claim("other_scsi", AIC7XXX, Set.of()));
        assertEquals(List.of(at(10), at(11)), addresses(bus.claimedBy("aic7xxx")));
        assertEquals(List.of(), bus.claimedBy("other_scsi"));
    }

    @Test
    void aDriverMatchingNothingClaimsNothing() throws Exception {
        assertEquals(List.of(), bus.claim("usb_ohci", d -> d.deviceClass() == PciClass.USB, Set.of()));
    }

    @Test
    void aRequestedConsoleDeviceIsClaimedAsSharedAndStaysVisibleToTheConsole() {
        List<PciDevice> claimed = bus.claim("aic7xxx", AIC7XXX, Set.of(at(12)));

        assertEquals(List.of(at(10), at(11), at(12)), addresses(claimed));
        assertEquals(PciOwner.SHARED, device(12).owner());
        assertEquals(Optional.of("aic7xxx"), device(12).claimedBy());
        assertTrue(addresses(bus.consoleVisible()).contains(at(12)));
    }

    @Test
    void releasingRestoresEveryDeviceToItsHardwareOwner() throws Exception {
        bus.claim("aic7xxx", AIC7XXX, Set.of(at(12)));
        bus.claim("e100", E100, Set.of());

        List<PciDevice> released = bus.releaseAll("aic7xxx");

        assertEquals(List.of(at(10), at(11), at(12)), addresses(released));
        assertEquals(PciOwner.CONSOLE, device(12).owner());
        assertEquals(PciOwner.VMKERNEL, device(10).owner());
        assertEquals(Optional.empty(), device(12).claimedBy());
        assertEquals(Optional.empty(), device(10).claimedBy());
        assertEquals(Optional.of("e100"), device(7).claimedBy());
    }

    @Test
    void releasedDevicesCanBeClaimedAgain() throws Exception {
        bus.claim("aic7xxx", AIC7XXX, Set.of());
        bus.releaseAll("aic7xxx");

        assertEquals(List.of(at(10), at(11)), addresses(bus.claim("aic7xxx_v2", AIC7XXX, Set.of())));
    }

    @Test
    void releasingAModuleThatClaimedNothingReleasesNothing() {
        assertEquals(List.of(), bus.releaseAll("nfshaper"));
    }

    @Test
    void aDeviceSharedInTheHardwareFileIsClaimedWithoutRequestAndStaysSharedAfterRelease() throws Exception {
        PciBus b = new PciBus(HardwareDescription.parse("t", "0:9 9005:001f scsi shared Adaptec\n"));

        assertEquals(List.of(at(9)), addresses(b.claim("aic7xxx", AIC7XXX, Set.of())));
        assertEquals(PciOwner.SHARED, b.find(at(9)).orElseThrow().owner());
        b.releaseAll("aic7xxx");
        assertEquals(PciOwner.SHARED, b.find(at(9)).orElseThrow().owner());
        assertEquals(List.of(at(9)), addresses(b.consoleVisible()));
    }

    @Test
    void aRequestedAddressWithNoDeviceIsNotClaimedAndTheRestStillIs() {
        List<PciDevice> claimed = bus.claim("aic7xxx", AIC7XXX, Set.of(at(13)));

        assertEquals(List.of(at(10), at(11)), addresses(claimed));
        assertEquals(Optional.empty(), bus.find(at(13)));
    }

    @Test
    void aRequestedDeviceTheModuleDoesNotDriveIsNotClaimed() {
        List<PciDevice> claimed = bus.claim("aic7xxx", AIC7XXX, Set.of(at(8)));

        assertEquals(List.of(at(10), at(11)), addresses(claimed));
        assertEquals(Optional.empty(), device(8).claimedBy());
        assertEquals(PciOwner.CONSOLE, device(8).owner());
    }

    @Test
    void requestingADeviceAssignedToTheVmkernelNeitherSharesItNorHidesIt() {
        bus.claim("aic7xxx", AIC7XXX, Set.of(at(10)));

        assertEquals(PciOwner.VMKERNEL, device(10).owner());
        assertEquals(Optional.of("aic7xxx"), device(10).claimedBy());
        assertEquals(List.of(at(0), at(8), at(12), at(15)), addresses(bus.consoleVisible()));
    }

    @Test
    void aRequestedDeviceAnotherModuleClaimedStaysWithThatModule() {
        bus.claim("first", d -> d.address().equals(at(12)), Set.of(at(12)));

        List<PciDevice> claimed = bus.claim("aic7xxx", AIC7XXX, Set.of(at(12)));

        assertEquals(List.of(at(10), at(11)), addresses(claimed));
        assertEquals(Optional.of("first"), device(12).claimedBy());
        assertEquals(PciOwner.SHARED, device(12).owner());
    }

    @Test
    void claimedByListsOnlyThatModulesDevices() {
        bus.claim("aic7xxx", AIC7XXX, Set.of(at(12)));
        bus.claim("e100", E100, Set.of());

        assertEquals(List.of(at(10), at(11), at(12)), addresses(bus.claimedBy("aic7xxx")));
        assertEquals(List.of(at(7)), addresses(bus.claimedBy("e100")));
    }

    @Test
    void aDeviceShowsItsClaimInItsDescription() {
        bus.claim("aic7xxx", AIC7XXX, Set.of(at(12)));

        assertEquals("0:12 9005:001f scsi shared \"Adaptec AIC-7890/1 Ultra2 SCSI\" claimed by aic7xxx",
                device(12).toString());
        assertEquals("0:8 8086:1229 ethernet console \"Intel Corporation 82557/8/9 [Ethernet Pro 100]\"",
                device(8).toString());
    }

    @Test
    void concurrentClaimsNeverShareADevice() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<PciDevice>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String module = "scsi" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return bus.claim(module, AIC7XXX, Set.of());
                }));
            }
            start.countDown();
            List<PciAddress> all = new ArrayList<>();
            for (Future<List<PciDevice>> f : results) {
                all.addAll(addresses(f.get()));
            }
            all.sort(null);
            assertEquals(List.of(at(10), at(11)), all);
        } finally {
            pool.shutdownNow();
        }
    }
}
