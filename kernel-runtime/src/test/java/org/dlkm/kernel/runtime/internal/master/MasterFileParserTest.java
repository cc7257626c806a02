package org.dlkm.kernel.runtime.internal.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.dlkm.kernel.Errno;
import org.junit.jupiter.api.Test;

class MasterFileParserTest {

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
            e100 wsio_class lan
            $$$
            """;

    private static final String FULL = """
            * e100 -- Intel EtherExpress Pro/100 for the VMkernel
            *
            $VERSION
            1
            $$$

            $LOADABLE
            $$$
            $INTERFACE
            base
            $$$
            $TYPE
            e100 wsio_class lan 0 -1
            $$$
            $DRIVER_DEPENDENCY
            * the Linux compatibility layer, then the PCI support
            e100   vmklinux
            e100 pci_support net_support
            $$$
            $TUNABLE
            e100_debug      0   0   7   dynamic
            e100_rx_ring    64  16  1024
            e100_tx_ring    0x40
            e100_irq_budget 8   -   32  automatic
            $$$
            $DRIVER_INSTALL
            e100 -1 120
            $$$
            """;

    private static MasterFile parse(String text) throws MasterFileException {
        return MasterFileParser.parse(SOURCE, text);
    }

    private static void assertRefused(String text, int line, String reason) {
        MasterFileException e = assertThrows(MasterFileException.class, () -> parse(text));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(SOURCE + ": line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "'" + e.getMessage() + "' should contain '" + reason + "'");
    }

    // ---- valid files

    @Test
    void aFullMasterFileIsReadIntoEveryField() throws Exception {
        MasterFile m = parse(FULL);

        assertEquals("e100", m.name());
        assertEquals(ModuleType.WSIO_CLASS, m.type());
        assertEquals(List.of("lan", "0", "-1"), m.typeFields());
        assertTrue(m.loadable());
        assertFalse(m.stub());
        assertEquals(List.of(new InterfaceSpec("base", "")), m.interfaces());
        assertEquals(List.of("vmklinux", "pci_support", "net_support"), m.dependencies());
        assertEquals(List.of(
                new TunableSpec("e100_debug", 0, OptionalLong.of(0), OptionalLong.of(7), TunableClass.DYNAMIC),
                new TunableSpec("e100_rx_ring", 64, OptionalLong.of(16), OptionalLong.of(1024), TunableClass.STATIC),
                new TunableSpec("e100_tx_ring", 64, OptionalLong.empty(), OptionalLong.empty(), TunableClass.STATIC),
                new TunableSpec("e100_irq_budget", 8, OptionalLong.empty(), OptionalLong.of(32),
                        TunableClass.AUTOMATIC)),
                m.tunables());
        assertEquals(List.of(new DriverInstall("e100", DriverInstall.ASSIGNED_BY_KERNEL, 120)), m.driverInstalls());
    }

    @Test
    void theThreeRequiredSectionsAloneMakeAStaticOnlyModuleWithNothingElse() throws Exception {
        MasterFile m = parse(HEAD);

        assertFalse(m.loadable());
        assertFalse(m.stub());
        assertEquals(List.of("lan"), m.typeFields());
        assertEquals(List.of(), m.dependencies());
        assertEquals(List.of(), m.tunables());
        assertEquals(List.of(), m.driverInstalls());
    }

    @Test
    void aTypeLineMayCarryNoTypeSpecificFields() throws Exception {
        MasterFile m = parse(HEAD.replace("e100 wsio_class lan", "nfshaper misc"));

        assertEquals("nfshaper", m.name());
        assertEquals(ModuleType.MISC, m.type());
        assertEquals(List.of(), m.typeFields());
    }

    @Test
    void aLoadableSectionHoldingStubMarksALoadableStubModule() throws Exception {
        MasterFile m = parse(HEAD + "$LOADABLE\nstub\n$$$\n");

        assertTrue(m.loadable());
        assertTrue(m.stub());
    }

    @Test
    void sectionsMayComeInAnyOrderWithCommentsAndBlankLinesAnywhere() throws Exception {
        MasterFile m = parse("""

                   * leading comment, indented
                $TUNABLE
                * inside a section
                e100_debug 1

                $$$
                $TYPE
                e100 streams_drv
                $$$
                $INTERFACE
                base
                $$$
                $VERSION
                1
                $$$
                """);

        assertEquals(ModuleType.STREAMS_DRV, m.type());
        assertEquals(1, m.tunables().get(0).defaultValue());
    }

    @Test
    void interfacesMayCarryVersions() throws Exception {
        MasterFile m = parse(HEAD.replace("base\n", "base\nHPUX_11_0 1.2\n"));

        assertEquals(List.of(new InterfaceSpec("base", ""), new InterfaceSpec("HPUX_11_0", "1.2")),
                m.interfaces());
        assertEquals("HPUX_11_0 1.2", m.interfaces().get(1).toString());
    }

    @Test
    void tunableNumbersMayBeSignedDecimalOrHexadecimalAndBoundsMayBeDashes() throws Exception {
        MasterFile m = parse(HEAD + "$TUNABLE\noffset -5 -10 +10\nmask 0xFF - 0x100 static\n$$$\n");

        TunableSpec offset = m.tunable("offset").orElseThrow();
        assertEquals(-5, offset.defaultValue());
        assertEquals(OptionalLong.of(-10), offset.min());
        assertEquals(OptionalLong.of(10), offset.max());
        TunableSpec mask = m.tunable("mask").orElseThrow();
        assertEquals(255, mask.defaultValue());
        assertEquals(OptionalLong.empty(), mask.min());
        assertEquals(OptionalLong.of(256), mask.max());
        assertEquals("[-, 256]", mask.bounds());
        assertEquals(Optional.empty(), m.tunable("absent"));
    }

    @Test
    void aTunableAcceptsExactlyTheValuesWithinItsBounds() throws Exception {
        TunableSpec t = parse(HEAD + "$TUNABLE\nn 5 1 9\n$$$\n").tunables().get(0);

        assertTrue(t.accepts(1));
        assertTrue(t.accepts(9));
        assertFalse(t.accepts(0));
        assertFalse(t.accepts(10));
    }

    @Test
    void windowsLineEndingsAreAccepted() throws Exception {
        assertEquals("e100", parse(FULL.replace("\n", "\r\n")).name());
    }

    @Test
    void tabsSeparateFieldsAsSpacesDo() throws Exception {
        assertEquals(parse(FULL), parse(FULL.replace("e100   vmklinux", "\te100\tvmklinux\t")));
    }

    @Test
    void commentsMayHoldAnyCharacter() throws Exception {
        assertEquals(parse(FULL), parse("* Interrupt delay in µs, réseau\u00a0100\n" + FULL));
    }

    @Test
    void aByteOrderMarkIsRefusedByName() {
        assertRefused("\ufeff" + FULL, 1, "U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark) at column 1: outside"
                + " comments a master file is printable ASCII, its fields separated by spaces or tabs; remove or"
                + " retype that character");
        assertRefused("\ufeff" + HEAD, 1, "(a byte-order mark) at column 1");
    }

    @Test
    void aNonBreakingSpaceBetweenFieldsIsRefusedByName() {
        assertRefused(HEAD.replace("e100 wsio_class lan", "e100\u00a0wsio_class lan"), 8,
                "U+00A0 NO-BREAK SPACE at column 5: outside comments a master file is printable ASCII");
    }

    @Test
    void unicodeWhiteSpaceAroundALineIsRefusedRatherThanStripped() {
        assertRefused(HEAD.replace("$TYPE", "\u2003$TYPE"), 7, "U+2003 EM SPACE at column 1");
    }

    @Test
    void aControlCharacterIsRefusedByName() {
        assertRefused(HEAD.replace("base", "ba\u0000se"), 5, "U+0000 NULL at column 3");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNamingTheByteAndLine() {
        byte[] latin1 = ("$VERSION\n1\n$$$\n* Intel r\u00e9seau\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        MasterFileException e = assertThrows(MasterFileException.class, () -> MasterFileParser.text(SOURCE, latin1));

        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals(SOURCE + ": line 4: byte 0xE9 at byte 10 of the line is not UTF-8; save the file as UTF-8",
                e.getMessage());
    }

    @Test
    void utf8BytesAreDecoded() throws Exception {
        assertEquals(FULL, MasterFileParser.text(SOURCE, FULL.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aReaderIsReadToItsEnd() throws Exception {
        MasterFile m = MasterFileParser.parse(SOURCE, new StringReader(FULL));

        assertEquals(parse(FULL), m);
    }

    @Test
    void everyModuleTypeIsReadFromItsFileNameAndCarriesItsLabel() throws Exception {
        String[][] cases = {
            {"wsio_class", "WSIO_CLASS", "WSIO"},
            {"wsio_intfc", "WSIO_INTFC", "WSIO"},
            {"streams_drv", "STREAMS_DRV", "STREAMS"},
            {"streams_mod", "STREAMS_MOD", "STREAMS"},
            {"misc", "MISC", "Misc"},
        };
        for (String[] c : cases) {
            MasterFile m = parse(HEAD.replace("wsio_class lan", c[0]));
            assertEquals(ModuleType.valueOf(c[1]), m.type());
            assertEquals(c[0], m.type().fileName());
            assertEquals(c[2], m.type().label());
        }
    }

    @Test
    void onlyWsioClassDriversAndStreamsDriversTrackOpens() {
        assertTrue(ModuleType.WSIO_CLASS.tracksOpens());
        assertTrue(ModuleType.STREAMS_DRV.tracksOpens());
        assertFalse(ModuleType.WSIO_INTFC.tracksOpens());
        assertFalse(ModuleType.STREAMS_MOD.tracksOpens());
        assertFalse(ModuleType.MISC.tracksOpens());
    }

    @Test
    void theParsedListsCannotBeChanged() throws Exception {
        MasterFile m = parse(FULL);

        assertThrows(UnsupportedOperationException.class, () -> m.dependencies().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> m.tunables().clear());
        assertThrows(UnsupportedOperationException.class, () -> m.typeFields().clear());
    }

    @Test
    void theExceptionCarriesSourceLineAndReasonSeparately() {
        MasterFileException e = assertThrows(MasterFileException.class, () -> parse(HEAD + "$FOO\n$$$\n"));

        assertEquals(SOURCE, e.source());
        assertEquals(10, e.line());
        assertEquals(SOURCE + ": line 10: " + e.reason(), e.getMessage());
    }

    // ---- refusals: structure

    @Test
    void anUnknownSectionIsRefusedWithItsLine() {
        assertRefused(HEAD + "$CONFIGURE\ny\n$$$\n", 10, "unknown section '$CONFIGURE'");
    }

    @Test
    void aSectionWithoutItsEndMarkerIsRefusedWithItsLine() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 0\n$DRIVER_INSTALL\ne100 -1 -1\n$$$\n", 10,
                "section $TUNABLE is not ended by '$$$' before $DRIVER_INSTALL on line 12");
    }

    @Test
    void aSectionRunningToTheEndOfTheFileIsRefusedWithItsLine() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 0\n", 10,
                "section $TUNABLE is not ended by '$$$' before the end of the file");
    }

    @Test
    void aSectionGivenTwiceIsRefusedNamingTheFirst() {
        assertRefused(HEAD + "$INTERFACE\nbase\n$$$\n", 10, "section $INTERFACE is given twice (first on line 4)");
    }

    @Test
    void contentOutsideAnySectionIsRefused() {
        assertRefused(HEAD + "e100 vmklinux\n", 10, "'e100 vmklinux' is outside any section");
    }

    @Test
    void anEndMarkerWithNoSectionOpenIsRefused() {
        assertRefused(HEAD + "$$$\n", 10, "'$$$' ends no section");
    }

    @Test
    void aSectionHeaderWithMoreOnItsLineIsRefused() {
        assertRefused(HEAD + "$LOADABLE stub\n$$$\n", 10, "section header $LOADABLE stands alone on its line");
    }

    @Test
    void anEndMarkerWithMoreOnItsLineIsRefused() {
        assertRefused(HEAD + "$LOADABLE\n$$$ end\n", 11, "'$$$' stands alone on its line");
    }

    // ---- refusals: $VERSION

    @Test
    void aFileWithoutVersionIsRefusedAtItsEnd() {
        assertRefused(HEAD.replace("$VERSION\n1\n$$$\n", ""), 6, "the file has no $VERSION section");
    }

    @Test
    void anEmptyFileIsRefusedForItsMissingVersion() {
        assertRefused("", 1, "the file has no $VERSION section");
    }

    @Test
    void aVersionOtherThanOneIsRefused() {
        assertRefused(HEAD.replace("$VERSION\n1\n", "$VERSION\n2\n"), 2,
                "unsupported master file version '2'; the only supported version is 1");
    }

    @Test
    void anEmptyVersionSectionIsRefusedAtItsHeader() {
        assertRefused(HEAD.replace("$VERSION\n1\n", "$VERSION\n"), 1, "$VERSION holds no version");
    }

    @Test
    void aVersionSectionWithASecondLineIsRefused() {
        assertRefused(HEAD.replace("$VERSION\n1\n", "$VERSION\n1\n1\n"), 3, "$VERSION holds one line");
    }

    // ---- refusals: $TYPE

    @Test
    void aFileWithoutTypeIsRefusedAtItsEnd() {
        assertRefused(HEAD.replace("$TYPE\ne100 wsio_class lan\n$$$\n", ""), 6, "the file has no $TYPE section");
    }

    @Test
    void anEmptyTypeSectionIsRefusedAtItsHeader() {
        assertRefused(HEAD.replace("e100 wsio_class lan\n", ""), 7, "$TYPE holds no line");
    }

    @Test
    void aTypeSectionWithTwoLinesIsRefusedAtTheSecond() {
        assertRefused(HEAD.replace("e100 wsio_class lan\n", "e100 wsio_class lan\ne101 misc\n"), 9,
                "$TYPE holds exactly one line; found a second, 'e101 misc'");
    }

    @Test
    void aTypeLineWithoutATypeIsRefused() {
        assertRefused(HEAD.replace("e100 wsio_class lan", "e100"), 8,
                "the $TYPE line needs the module name and its type");
    }

    @Test
    void anUnknownModuleTypeIsRefusedListingTheKnownOnes() {
        assertRefused(HEAD.replace("wsio_class", "WSIO_CLASS"), 8,
                "unknown module type 'WSIO_CLASS'; the types are wsio_class, wsio_intfc, streams_drv, streams_mod,"
                        + " misc");
    }

    @Test
    void aModuleNameStartingWithADigitIsRefused() {
        assertRefused(HEAD.replace("e100 wsio_class", "3c59x wsio_class"), 8,
                "bad module name '3c59x': a name is letters, digits and underscores, starting with a letter");
    }

    @Test
    void aModuleNameWithAHyphenIsRefused() {
        assertRefused(HEAD.replace("e100 wsio_class", "e-100 wsio_class"), 8, "bad module name 'e-100'");
    }

    // ---- refusals: $LOADABLE

    @Test
    void aLoadableSectionHoldingAnythingButStubIsRefused() {
        assertRefused(HEAD + "$LOADABLE\nY\n$$$\n", 11, "$LOADABLE holds nothing or the single keyword 'stub';"
                + " found 'Y'");
    }

    @Test
    void aLoadableSectionHoldingStubTwiceIsRefused() {
        assertRefused(HEAD + "$LOADABLE\nstub\nstub\n$$$\n", 12, "$LOADABLE holds nothing or the single keyword");
    }

    @Test
    void aLoadableSectionHoldingStubAndMoreOnOneLineIsRefused() {
        assertRefused(HEAD + "$LOADABLE\nstub now\n$$$\n", 11, "found 'stub now'");
    }

    // ---- refusals: $INTERFACE

    @Test
    void aFileWithoutInterfaceIsRefusedAtItsEnd() {
        assertRefused(HEAD.replace("$INTERFACE\nbase\n$$$\n", ""), 6, "the file has no $INTERFACE section");
    }

    @Test
    void anEmptyInterfaceSectionIsRefusedAtItsHeader() {
        assertRefused(HEAD.replace("base\n", ""), 4, "$INTERFACE names no interface");
    }

    @Test
    void anInterfaceLineWithMoreThanNameAndVersionIsRefused() {
        assertRefused(HEAD.replace("base\n", "base 11 0\n"), 5, "an $INTERFACE line is 'name [version]'");
    }

    @Test
    void anInterfaceNamedTwiceIsRefused() {
        assertRefused(HEAD.replace("base\n", "base\nbase\n"), 6, "interface 'base' is named twice (first on line 5)");
    }

    @Test
    void aBadInterfaceNameIsRefused() {
        assertRefused(HEAD.replace("base\n", "11.0\n"), 5, "bad interface name '11.0'");
    }

    // ---- refusals: $DRIVER_DEPENDENCY

    @Test
    void aDependencyLineForAnotherModuleIsRefused() {
        assertRefused(HEAD + "$DRIVER_DEPENDENCY\ne100 vmklinux\naic7xxx vmklinux\n$$$\n", 12,
                "dependency line for 'aic7xxx' in the master file of 'e100'");
    }

    @Test
    void aDependencyLineNamingNoSupportingModuleIsRefused() {
        assertRefused(HEAD + "$DRIVER_DEPENDENCY\ne100\n$$$\n", 11,
                "dependency line for 'e100' names no module it depends on");
    }

    @Test
    void aModuleDependingOnItselfIsRefused() {
        assertRefused(HEAD + "$DRIVER_DEPENDENCY\ne100 vmklinux e100\n$$$\n", 11,
                "module 'e100' cannot depend on itself");
    }

    @Test
    void aDependencyListedTwiceIsRefused() {
        assertRefused(HEAD + "$DRIVER_DEPENDENCY\ne100 vmklinux\ne100 vmklinux\n$$$\n", 12,
                "dependency 'vmklinux' is listed twice (first on line 11)");
    }

    @Test
    void aBadDependencyNameIsRefused() {
        assertRefused(HEAD + "$DRIVER_DEPENDENCY\ne100 vmk-linux\n$$$\n", 11, "bad dependency name 'vmk-linux'");
    }

    // ---- refusals: $TUNABLE

    @Test
    void aNonIntegerTunableDefaultIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug five\n$$$\n", 11,
                "tunable 'e100_debug': default 'five' is not an integer");
    }

    @Test
    void aDashIsNotADefault() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug -\n$$$\n", 11,
                "tunable 'e100_debug': default '-' is not an integer");
    }

    @Test
    void aNonIntegerMinimumIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 1 low\n$$$\n", 11,
                "tunable 'e100_debug': minimum 'low' is not an integer");
    }

    @Test
    void aNonIntegerMaximumIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 1 0 7.5\n$$$\n", 11,
                "tunable 'e100_debug': maximum '7.5' is not an integer");
    }

    @Test
    void aMalformedHexadecimalNumberIsRefused() {
        assertRefused(HEAD + "$TUNABLE\nmask 0x-1\n$$$\n", 11, "tunable 'mask': default '0x-1' is not an integer");
    }

    @Test
    void aSignAfterTheHexadecimalPrefixIsRefused() {
        assertRefused(HEAD + "$TUNABLE\nmask 0x+5\n$$$\n", 11, "tunable 'mask': default '0x+5' is not an integer"
                + " (decimal digits 0-9, or 0x and hexadecimal digits 0-9 a-f, after an optional + or -)");
    }

    @Test
    void aTunableInDigitsOutsideAsciiIsRefusedNamingTheDigit() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug ٣\n$$$\n", 11, "U+0663 ARABIC-INDIC DIGIT THREE");
    }

    @Test
    void aMajorInFullwidthDigitsIsRefusedNamingTheDigit() {
        assertRefused(HEAD + "$DRIVER_INSTALL\ne100 -1 １２０\n$$$\n", 11, "U+FF11 FULLWIDTH DIGIT ONE");
    }

    @Test
    void aNumberTooLargeForALongIsRefused() {
        assertRefused(HEAD + "$TUNABLE\nbig 99999999999999999999\n$$$\n", 11,
                "default '99999999999999999999' is not an integer");
    }

    @Test
    void aMinimumAboveTheDefaultIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_rx_ring 8 16 1024\n$$$\n", 11,
                "tunable 'e100_rx_ring': default 8 is below the minimum 16");
    }

    @Test
    void aDefaultAboveTheMaximumIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_rx_ring 2048 - 1024\n$$$\n", 11,
                "tunable 'e100_rx_ring': default 2048 is above the maximum 1024");
    }

    @Test
    void anUnknownTunableClassIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 0 0 7 Dynamic\n$$$\n", 11,
                "tunable 'e100_debug': unknown tunable class 'Dynamic'; the classes are static, dynamic and"
                        + " automatic");
    }

    @Test
    void aTunableLineWithOnlyANameIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug\n$$$\n", 11,
                "a tunable line is 'name default [min [max [class]]]'");
    }

    @Test
    void aTunableLineWithTooManyFieldsIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 0 0 7 dynamic extra\n$$$\n", 11,
                "a tunable line is 'name default [min [max [class]]]'; found 'e100_debug 0 0 7 dynamic extra'");
    }

    @Test
    void aBadTunableNameIsRefused() {
        assertRefused(HEAD + "$TUNABLE\n_debug 0\n$$$\n", 11, "bad tunable name '_debug'");
    }

    @Test
    void aTunableDeclaredTwiceIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 0\ne100_debug 1\n$$$\n", 12,
                "tunable 'e100_debug' is declared twice (first on line 11)");
    }

    // ---- refusals: $DRIVER_INSTALL

    @Test
    void aDriverInstallLineWithoutBothMajorsIsRefused() {
        assertRefused(HEAD + "$DRIVER_INSTALL\ne100 -1\n$$$\n", 11,
                "a $DRIVER_INSTALL line is 'driver-name block-major char-major'");
    }

    @Test
    void aNonIntegerMajorIsRefused() {
        assertRefused(HEAD + "$DRIVER_INSTALL\ne100 -1 auto\n$$$\n", 11,
                "driver 'e100': character major 'auto' is not an integer");
    }

    @Test
    void aMajorBelowMinusOneIsRefused() {
        assertRefused(HEAD + "$DRIVER_INSTALL\ne100 -2 -1\n$$$\n", 11,
                "driver 'e100': block major -2 is neither -1 (assigned by the kernel) nor a number from 0");
    }

    @Test
    void aDriverInstalledTwiceIsRefused() {
        assertRefused(HEAD + "$DRIVER_INSTALL\ne100 -1 -1\ne100 -1 7\n$$$\n", 12,
                "driver 'e100' is installed twice (first on line 11)");
    }

    @Test
    void aBadDriverNameIsRefused() {
        assertRefused(HEAD + "$DRIVER_INSTALL\ne100.o -1 -1\n$$$\n", 11, "bad driver name 'e100.o'");
    }
}
