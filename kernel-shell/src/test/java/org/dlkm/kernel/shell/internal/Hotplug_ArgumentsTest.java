package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciId;
import org.junit.jupiter.api.Test;

/**
 * {@code hotplug} reads an address as {@code vmkload_mod -d} and {@code /proc/pci} write it (decimal) or as
 * {@code scanpci} prints it (hexadecimal, {@code 0x}); IDs hexadecimal, with or without {@code 0x}.
 */
class Hotplug_ArgumentsTest {

    @Test
    void aDecimalAddressIsReadAsVmkloadModReadsIt() throws Exception {
        assertEquals(new PciAddress(0, 12, 0), Hotplug.address("0:12"));
        assertEquals(new PciAddress(1, 4, 1), Hotplug.address("1:4.1"));
    }

    @Test
    void aHexadecimalAddressIsReadAsScanpciPrintsIt() throws Exception {
        assertEquals(new PciAddress(0, 12, 0), Hotplug.address("0x0000:0x0c"));
        assertEquals(new PciAddress(1, 4, 1), Hotplug.address("0x01:0x04.0x1"));
        assertEquals(new PciAddress(0, 31, 0), Hotplug.address("0X0:0X1F"));
    }

    @Test
    void aBadAddressIsRefusedAsTyped() {
        KernelException mixed = assertThrows(KernelException.class, () -> Hotplug.address("0:0x0c"));
        assertEquals(Errno.EINVAL, mixed.errno());
        assertEquals("malformed PCI address '0:0x0c': expected bus:slot in decimal (0:12) or in hexadecimal as scanpci"
                + " prints it (0x0000:0x0c)", mixed.getMessage());
        assertEquals("malformed PCI address '0x0:0x20': slot 32 is out of range 0-31",
                assertThrows(KernelException.class, () -> Hotplug.address("0x0:0x20")).getMessage());
        assertEquals("malformed PCI address '0:32': slot 32 is out of range 0-31",
                assertThrows(KernelException.class, () -> Hotplug.address("0:32")).getMessage());
    }

    @Test
    void idsAreHexadecimalWithOrWithoutTheirPrefix() throws Exception {
        assertEquals(new PciId(0x8086, 0x1229), Hotplug.id("8086:1229"));
        assertEquals(new PciId(0x8086, 0x1229), Hotplug.id("0x8086:0x1229"));
        assertEquals("malformed PCI vendor:device '0x8086-1229': expected two 4-digit hexadecimal IDs, as in 8086:1229",
                assertThrows(KernelException.class, () -> Hotplug.id("0x8086-1229")).getMessage());
    }
}
