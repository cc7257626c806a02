package org.dlkm.kernel.runtime.internal.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciClass;
import org.dlkm.kernel.device.PciOwner;
import org.junit.jupiter.api.Test;

class HardwareDescriptionTest {

    private static final String SOURCE = "var/etc/hardware";
    private static final String E100 = "Intel Corporation 82557/8/9 [Ethernet Pro 100]";

    private static void assertRefused(String text, int line, String reason) {
        KernelException e = assertThrows(KernelException.class, () -> HardwareDescription.parse(SOURCE, text));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith(SOURCE + ": line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "'" + e.getMessage() + "' should contain '" + reason + "'");
    }

    @Test
    void eachLineBecomesASlotInFileOrder() throws Exception {
        List<PciSlot> slots = HardwareDescription.parse(SOURCE, """
                # a comment
                0:8   8086:1229  ethernet  console   Intel Corporation 82557/8/9 [Ethernet Pro 100]

                   # an indented comment
                2:3.1 8086:7111  ide       shared    Intel Corporation 82371AB PIIX4 IDE
                0:7   8086:1229  ethernet  vmkernel Intel Corporation 82557/8/9 [Ethernet Pro 100]
                """);

        assertEquals(List.of(
                new PciSlot(new PciAddress(0, 8, 0), 0x8086, 0x1229, PciClass.ETHERNET, PciOwner.CONSOLE, E100),
                new PciSlot(new PciAddress(2, 3, 1), 0x8086, 0x7111, PciClass.IDE, PciOwner.SHARED,
                        "Intel Corporation 82371AB PIIX4 IDE"),
                new PciSlot(new PciAddress(0, 7, 0), 0x8086, 0x1229, PciClass.ETHERNET, PciOwner.VMKERNEL, E100)),
                slots);
    }

    @Test
    void theDescriptionKeepsItsInnerSpacingAndHashesButNotTrailingBlanks() throws Exception {
        List<PciSlot> slots = HardwareDescription.parse(SOURCE, "0:1 10b7:9200 ethernet console 3Com  Tornado #2  \n");

        assertEquals("3Com  Tornado #2", slots.get(0).description());
    }

    @Test
    void hexadecimalIdsMayBeUpperCase() throws Exception {
        PciSlot slot = HardwareDescription.parse(SOURCE, "0:1 9005:001F scsi console Adaptec\n").get(0);

        assertEquals(0x9005, slot.vendorId());
        assertEquals(0x001f, slot.deviceId());
    }

    @Test
    void everyClassAndOwnerIsReadFromItsLowerCaseWord() throws Exception {
        List<PciSlot> slots = HardwareDescription.parse(SOURCE, """
                0:1 1234:0001 ethernet vmkernel a
                0:2 1234:0002 scsi     console  b
                0:3 1234:0003 vga      shared   c
                0:4 1234:0004 bridge   console  d
                0:5 1234:0005 ide      console  e
                0:6 1234:0006 usb      console  f
                """);

        assertEquals(List.of(PciClass.ETHERNET, PciClass.SCSI, PciClass.VGA, PciClass.BRIDGE, PciClass.IDE,
                PciClass.USB), slots.stream().map(PciSlot::deviceClass).toList());
        assertEquals(List.of(PciOwner.VMKERNEL, PciOwner.CONSOLE, PciOwner.SHARED),
                slots.subList(0, 3).stream().map(PciSlot::owner).toList());
    }

    @Test
    void anEmptyDescriptionDescribesAnEmptyBus() throws Exception {
        assertEquals(List.of(), HardwareDescription.parse(SOURCE, "# nothing here\n\n"));
    }

    @Test
    void aDuplicateAddressIsRefusedNamingTheFirstLine() {
        assertRefused("0:7 8086:1229 ethernet vmkernel a\n# x\n0:7.0 8086:1229 ethernet console b\n", 3,
                "duplicate address 0:7 (already on line 1)");
    }

    @Test
    void aMalformedAddressIsRefused() {
        assertRefused("\n0-7 8086:1229 ethernet vmkernel a\n", 2, "malformed PCI address '0-7'");
    }

    @Test
    void aSignedAddressIsRefusedWithTheExpectedForm() {
        assertRefused("+1:+1 8086:1229 ethernet vmkernel a\n", 1, "malformed PCI address '+1:+1': bus, slot and"
                + " function are decimal digits 0-9 without a sign, as in 0:12 or 1:4.1");
    }

    @Test
    void anAddressInDigitsOutsideAsciiIsRefusedNamingTheDigit() {
        assertRefused("٠:٧ 8086:1229 ethernet vmkernel a\n", 1, "U+0660 ARABIC-INDIC DIGIT ZERO at column 1 of '٠:٧'");
        assertRefused("0:７ 8086:1229 ethernet vmkernel a\n", 1, "U+FF17 FULLWIDTH DIGIT SEVEN at column 3 of '0:７'");
    }

    @Test
    void aNonBreakingSpaceBetweenFieldsIsRefusedByName() {
        assertRefused("0:7\u00a08086:1229 ethernet vmkernel a b\n", 1, "U+00A0 NO-BREAK SPACE at column 4 of"
                + " '0:7\u00a08086:1229': the address, IDs, class and owner are printable ASCII, separated by spaces"
                + " or tabs");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedNamingTheByte() {
        byte[] latin1 = "0:7 8086:1229 ethernet vmkernel Soci\u00e9t\u00e9 G\u00e9n\u00e9rale\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        KernelException e = assertThrows(KernelException.class, () -> HardwareDescription.parse(SOURCE, latin1));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(SOURCE + ": line 1: byte 0xE9 at byte 37 of the line is not UTF-8; save the file as UTF-8",
                e.getMessage());
    }

    @Test
    void anAddressOutOfRangeIsRefused() {
        assertRefused("0:32 8086:1229 ethernet vmkernel a\n", 1, "slot 32 is out of range 0-31");
    }

    @Test
    void badHexadecimalIdsAreRefused() {
        assertRefused("0:7 8086:12g9 ethernet vmkernel a\n", 1,
                "bad vendor:device '8086:12g9': expected two 4-digit hexadecimal IDs");
    }

    @Test
    void idsOfOtherThanFourDigitsAreRefused() {
        assertRefused("0:7 8086:229 ethernet vmkernel a\n", 1, "bad vendor:device '8086:229'");
    }

    @Test
    void idsWithAHexPrefixAreRefused() {
        assertRefused("0:7 0x8086:0x1229 ethernet vmkernel a\n", 1, "bad vendor:device '0x8086:0x1229'");
    }

    @Test
    void theAbsentDeviceVendorIsRefused() {
        assertRefused("0:7 ffff:ffff ethernet vmkernel a\n", 1, "vendor ffff at 0:7 means no device is present");
    }

    @Test
    void anUnknownClassIsRefusedListingTheKnownOnes() {
        assertRefused("0:7 8086:1229 network vmkernel a\n", 1,
                "unknown device class 'network'; expected one of ethernet, scsi, vga, bridge, ide, usb");
    }

    @Test
    void anUpperCaseClassIsRefused() {
        assertRefused("0:7 8086:1229 Ethernet vmkernel a\n", 1, "unknown device class 'Ethernet'");
    }

    @Test
    void anUnknownOwnerIsRefusedListingTheKnownOnes() {
        assertRefused("0:7 8086:1229 ethernet linux a\n", 1,
                "unknown owner 'linux'; expected one of vmkernel, console, shared");
    }

    @Test
    void aLineWithoutDescriptionIsRefused() {
        assertRefused("0:7 8086:1229 ethernet vmkernel   \n", 1, "missing description; a device line is"
                + " 'bus:slot[.function] vendor:device class owner description'");
    }

    @Test
    void aLineWithOnlyAnAddressIsRefusedNamingWhatIsMissing() {
        assertRefused("0:7\n", 1, "missing vendor:device, class, owner and description");
    }

    @Test
    void aLineWithoutOwnerIsRefused() {
        assertRefused("0:7 8086:1229 ethernet\n", 1, "missing owner and description");
    }

    @Test
    void theDefaultMachineIsTheSeedsExample() {
        List<PciSlot> slots = HardwareDescription.defaultMachine();

        assertEquals(List.of("0:0", "0:7", "0:8", "0:10", "0:11", "0:12", "0:15"),
                slots.stream().map(s -> s.address().toString()).toList());
        assertEquals(List.of(PciOwner.CONSOLE, PciOwner.VMKERNEL, PciOwner.CONSOLE, PciOwner.VMKERNEL,
                PciOwner.VMKERNEL, PciOwner.CONSOLE, PciOwner.CONSOLE),
                slots.stream().map(PciSlot::owner).toList());
        assertEquals(List.of(PciClass.BRIDGE, PciClass.ETHERNET, PciClass.ETHERNET, PciClass.SCSI, PciClass.SCSI,
                PciClass.SCSI, PciClass.VGA), slots.stream().map(PciSlot::deviceClass).toList());
        PciSlot eepro = slots.get(1);
        assertEquals(0x8086, eepro.vendorId());
        assertEquals(0x1229, eepro.deviceId());
        assertEquals(E100, eepro.description());
        PciSlot adaptec = slots.get(5);
        assertEquals(0x9005, adaptec.vendorId());
        assertEquals(0x001f, adaptec.deviceId());
        assertEquals("Adaptec AIC-7890/1 Ultra2 SCSI", adaptec.description());
    }
}
