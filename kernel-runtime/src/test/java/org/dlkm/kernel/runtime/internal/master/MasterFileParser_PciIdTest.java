package org.dlkm.kernel.runtime.internal.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.device.PciId;
import org.junit.jupiter.api.Test;

/** The {@code $PCI_ID} section: the PCI devices a driver module drives, read without loading it. */
class MasterFileParser_PciIdTest {

    private static final String SOURCE = "e100.jar!/META-INF/dlkm/master";

    /** Nine lines: the three required sections. Whatever is appended starts on line 10. */
    private static final String HEAD = """
            $VERSION
            1
            $$$
            $INTERFACE
            base
            $$$
            $TYPE
            e100 wsio_class
            $$$
            """;

    private static void assertRefused(String text, int line, String reason) {
        MasterFileException e = assertThrows(MasterFileException.class, () -> MasterFileParser.parse(SOURCE, text));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(SOURCE + ": line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "'" + e.getMessage() + "' should contain '" + reason + "'");
    }

    @Test
    void theIdsAreReadInFileOrderWithCommentsBetweenThem() throws Exception {
        MasterFile m = MasterFileParser.parse(SOURCE, HEAD + """
                $PCI_ID
                * 82557/8/9 [Ethernet Pro 100]
                8086 1229
                * 82801BA/BAM/CA/CAM Ethernet Controller
                8086\t2449
                9005 00CF
                $$$
                """);

        assertEquals(List.of(new PciId(0x8086, 0x1229), new PciId(0x8086, 0x2449), new PciId(0x9005, 0x00cf)),
                m.pciIds());
    }

    @Test
    void aModuleWithoutTheSectionDrivesNoPciDevice() throws Exception {
        assertEquals(List.of(), MasterFileParser.parse(SOURCE, HEAD).pciIds());
    }

    @Test
    void aBootViewOfTheMasterFileKeepsItsPciIds() throws Exception {
        MasterFile m = MasterFileParser.parse(SOURCE, HEAD + "$PCI_ID\n8086 1229\n$$$\n");

        assertEquals(List.of(new PciId(0x8086, 0x1229)), m.asLoadable().pciIds());
    }

    @Test
    void aLineWithTheIdsJoinedByAColonIsRefusedShowingTheForm() {
        assertRefused(HEAD + "$PCI_ID\n8086:1229\n$$$\n", 11, "a $PCI_ID line is 'vendor device', four hexadecimal"
                + " digits each, as in '8086 1229'; found '8086:1229'");
    }

    @Test
    void aLineWithAThirdFieldIsRefused() {
        assertRefused(HEAD + "$PCI_ID\n8086 1229 e100\n$$$\n", 11, "found '8086 1229 e100'");
    }

    @Test
    void anIdThatIsNotFourHexadecimalDigitsIsRefused() {
        assertRefused(HEAD + "$PCI_ID\n8086 122\n$$$\n", 11, "bad PCI ID '8086 122'");
        assertRefused(HEAD + "$PCI_ID\n0x8086 1229\n$$$\n", 11, "bad PCI ID '0x8086 1229'");
        assertRefused(HEAD + "$PCI_ID\n8086 12g9\n$$$\n", 11, "bad PCI ID '8086 12g9'");
    }

    @Test
    void vendorFfffWhichMeansNoDeviceIsRefused() {
        assertRefused(HEAD + "$PCI_ID\nffff 1229\n$$$\n", 11, "vendor ffff means no device");
    }

    @Test
    void anIdListedTwiceIsRefusedNamingTheFirstLineWhateverTheCase() {
        assertRefused(HEAD + "$PCI_ID\n9005 00cf\n9005 00CF\n$$$\n", 12,
                "PCI ID 9005 00CF is listed twice (first on line 11)");
    }
}
