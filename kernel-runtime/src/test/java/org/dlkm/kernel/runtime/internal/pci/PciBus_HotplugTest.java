package org.dlkm.kernel.runtime.internal.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciClass;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciId;
import org.dlkm.kernel.device.PciOwner;
import org.junit.jupiter.api.Test;

/** Cards inserted into and removed from the running machine, and the cards the machine knows. */
class PciBus_HotplugTest {
    private final PciBus bus = new PciBus(HardwareDescription.defaultMachine());

    private static PciSlot slot(int slot, PciOwner owner) {
        return new PciSlot(new PciAddress(0, slot, 0), 0x8086, 0x1209, PciClass.ETHERNET, owner,
                "Intel Corporation 8255xER/82551IT Fast Ethernet Controller");
    }

    @Test
    void anInsertedCardTakesItsPlaceInAddressOrderUnclaimed() throws Exception {
        PciDevice card = bus.insert(slot(9, PciOwner.VMKERNEL));

        assertEquals(new PciAddress(0, 9, 0), bus.devices().get(3).address());
        assertEquals(Optional.empty(), card.claimedBy());
        assertFalse(bus.consoleVisible().contains(card));
    }

    @Test
    void aConsoleCardIsSeenByTheConsoleAndIsNeverClaimedAlone() throws Exception {
        PciDevice card = bus.insert(slot(13, PciOwner.CONSOLE));

        assertTrue(bus.consoleVisible().contains(card));
        assertFalse(bus.claimOne("e100", card));
    }

    @Test
    void aTakenSlotIsRefusedNamingTheCardInIt() {
        KernelException e = assertThrows(KernelException.class, () -> bus.insert(slot(7, PciOwner.VMKERNEL)));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals("PCI slot 0:7 is taken by 8086:1229 Intel Corporation 82557/8/9 [Ethernet Pro 100]; remove that"
                + " card first with hotplug remove 0:7", e.getMessage());
        assertEquals(7, bus.devices().size());
    }

    @Test
    void oneCardIsClaimedAndReleasedAloneAndAClaimedCardIsNotRemoved() throws Exception {
        PciDevice card = bus.insert(slot(9, PciOwner.SHARED));

        assertTrue(bus.claimOne("e100", card));
        assertFalse(bus.claimOne("other", card));
        assertEquals(PciOwner.SHARED, card.owner());
        assertEquals(Optional.empty(), bus.remove(card.address()));
        assertFalse(bus.release("other", card.address()));
        assertTrue(bus.release("e100", card.address()));
        assertEquals(Optional.of(card), bus.remove(card.address()));
        assertEquals(Optional.empty(), bus.find(card.address()));
    }

    @Test
    void aClaimAtLoadTakesInsertedCardsToo() throws Exception {
        bus.insert(slot(9, PciOwner.VMKERNEL));

        List<PciDevice> claimed = bus.claim("e100", d -> d.vendorId() == 0x8086 && d.deviceId() == 0x1209, Set.of());

        assertEquals(List.of(new PciAddress(0, 9, 0)), claimed.stream().map(PciDevice::address).toList());
    }

    @Test
    void theMachineKnowsTheShippedDriversCardsAndTheCardsOfItsHardwareDescription() throws Exception {
        PciCards cards = new PciBus(HardwareDescription.parse("hw", "1:0 1234:abcd usb console Some USB card\n"))
                .cards();

        assertEquals("Intel Corporation 82557/8/9 [Ethernet Pro 100]",
                cards.find(new PciId(0x8086, 0x1229)).orElseThrow().description());
        assertEquals(PciClass.SCSI, cards.find(new PciId(0x9005, 0x00cf)).orElseThrow().deviceClass());
        assertEquals("Some USB card", cards.find(new PciId(0x1234, 0xabcd)).orElseThrow().description());
        assertEquals(Optional.empty(), cards.find(new PciId(0x1234, 0x5678)));
    }
}
