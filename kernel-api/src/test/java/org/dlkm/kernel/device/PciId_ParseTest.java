package org.dlkm.kernel.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;

class PciId_ParseTest {

    @Test
    void vendorAndDeviceAreFourHexadecimalDigitsEachInEitherCase() throws Exception {
        assertEquals(new PciId(0x9005, 0x00cf), PciId.parse("9005:00CF"));
        assertEquals("9005:00cf", PciId.parse("9005:00CF").toString());
    }

    @Test
    void anythingElseIsRefusedWithEinvalNamingTheTextAndTheForm() {
        for (String bad : new String[] {"8086", "8086:", ":1229", "8086:122", "0x8086:1229", "8086-1229", "８０８６:1229",
                "8086:1229:0", "", "+086:1229"}) {
            KernelException e = assertThrows(KernelException.class, () -> PciId.parse(bad), bad);
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals("malformed PCI vendor:device '" + bad + "': expected two 4-digit hexadecimal IDs, as in"
                    + " 8086:1229", e.getMessage());
        }
    }

    @Test
    void vendorFfffMeansNoDevice() {
        KernelException e = assertThrows(KernelException.class, () -> PciId.parse("ffff:1229"));
        assertTrue(e.getMessage().contains("vendor ffff means no device is present"), e.getMessage());
    }

    @Test
    void itMatchesADeviceWithBothIds() throws Exception {
        PciDevice card = new PciDevice() {
            public PciAddress address() { return new PciAddress(0, 7, 0); }
            public int vendorId() { return 0x8086; }
            public int deviceId() { return 0x1229; }
            public PciClass deviceClass() { return PciClass.ETHERNET; }
            public String description() { return "EtherExpress"; }
            public PciOwner owner() { return PciOwner.VMKERNEL; }
            public java.util.Optional<String> claimedBy() { return java.util.Optional.empty(); }
        };
        assertTrue(PciId.parse("8086:1229").matches(card));
        assertFalse(PciId.parse("8086:1209").matches(card));
    }
}
