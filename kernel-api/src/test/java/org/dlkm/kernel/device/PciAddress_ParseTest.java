package org.dlkm.kernel.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;

class PciAddress_ParseTest {

    private static final String FORM = "bus, slot and function are decimal digits 0-9 without a sign, as in 0:12 or"
            + " 1:4.1";

    private static KernelException refused(String text) {
        KernelException e = assertThrows(KernelException.class, () -> PciAddress.parse(text), text);
        assertEquals(Errno.EINVAL, e.errno());
        return e;
    }

    @Test
    void busAndSlotAreReadWithFunctionZero() throws Exception {
        assertEquals(new PciAddress(0, 12, 0), PciAddress.parse("0:12"));
        assertEquals(new PciAddress(1, 4, 1), PciAddress.parse(" 1:4.1 "));
        assertEquals(new PciAddress(255, 31, 7), PciAddress.parse("255:31.7"));
    }

    @Test
    void aSignIsRefusedWithTheExpectedForm() {
        assertEquals("malformed PCI address '+1:+1': " + FORM, refused("+1:+1").getMessage());
        assertEquals("malformed PCI address '0:12.+1': " + FORM, refused("0:12.+1").getMessage());
        assertEquals("malformed PCI address '-0:7': " + FORM, refused("-0:7").getMessage());
    }

    @Test
    void digitsOutsideAsciiAreRefusedWhereJavaWouldTakeThem() {
        assertEquals(3, Integer.parseInt("٣"), "Java's own parser takes an Arabic-Indic three");
        for (String text : List.of("٠:٣", "0:１２", "0:12.٣", "߀:7")) {
            assertEquals("malformed PCI address '" + text + "': " + FORM, refused(text).getMessage());
        }
    }

    @Test
    void aNumberOutOfRangeIsNamedAsTyped() {
        assertEquals("malformed PCI address '0:40': slot 40 is out of range 0-31", refused("0:40").getMessage());
        assertEquals("malformed PCI address '256:0': bus 256 is out of range 0-255", refused("256:0").getMessage());
        assertEquals("malformed PCI address '0:1.8': function 8 is out of range 0-7", refused("0:1.8").getMessage());
        assertTrue(refused("99999999999:0").getMessage().endsWith("bus 99999999999 is out of range 0-255"));
    }

    @Test
    void aMissingPartIsRefusedWithAnExample() {
        for (String text : List.of("", "12", ":12", "0:", "0-12")) {
            assertEquals("malformed PCI address '" + text + "': expected bus:slot, for example 0:12",
                    refused(text).getMessage());
        }
        assertEquals("malformed PCI address '0:12.': " + FORM, refused("0:12.").getMessage());
    }
}
