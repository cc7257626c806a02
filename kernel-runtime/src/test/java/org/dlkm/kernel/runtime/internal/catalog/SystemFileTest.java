package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.master.InterfaceSpec;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.ModuleType;
import org.dlkm.kernel.runtime.internal.master.TunableClass;
import org.dlkm.kernel.runtime.internal.master.TunableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemFileTest {

    private static final String SOURCE = "var/stand/dlkm/system.d/e100";

    /** Six lines: the two required sections. Whatever is appended starts on line 7. */
    private static final String HEAD = """
            $VERSION
            1
            $$$
            $CONFIGURE
            Y
            $$$
            """;

    private static final String FULL = """
            * e100 -- system file
            *
            $VERSION
            1
            $$$

            $CONFIGURE
            y
            $$$
            $LOADABLE
            n
            $$$
            $TUNABLE
            * a bigger receive ring
            e100_rx_ring   128
            e100_debug 0x7
            e100_offset -3
            $$$
            """;

    private static SystemFile parse(String text) throws SystemFileException {
        return SystemFile.parse(SOURCE, "e100", text);
    }

    private static void assertRefused(String text, int line, String reason) {
        SystemFileException e = assertThrows(SystemFileException.class, () -> parse(text));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(SOURCE, e.source());
        assertTrue(e.getMessage().startsWith(SOURCE + ": line " + line + ": "), e.getMessage());
        assertTrue(e.reason().contains(reason), () -> "'" + e.getMessage() + "' should contain '" + reason + "'");
    }

    private static MasterFile master(String name, boolean loadable, TunableSpec... tunables) {
        return new MasterFile(name, ModuleType.WSIO_CLASS, List.of("lan"), loadable, false,
                List.of(new InterfaceSpec(InterfaceSpec.BASE, "")), List.of(), List.of(tunables), List.of());
    }

    private static TunableSpec tunable(String name, long value, long min, long max) {
        return new TunableSpec(name, value, OptionalLong.of(min), OptionalLong.of(max), TunableClass.DYNAMIC);
    }

    // ---- valid files

    @Test
    void aFullSystemFileIsReadIntoEveryField() throws Exception {
        SystemFile s = parse(FULL);
        assertEquals("e100", s.module());
        assertTrue(s.configure());
        assertEquals(Optional.of(false), s.loadable());
        assertEquals(List.of("e100_rx_ring", "e100_debug", "e100_offset"), List.copyOf(s.tunables().keySet()));
        assertEquals(Map.of("e100_rx_ring", 128L, "e100_debug", 7L, "e100_offset", -3L), s.tunables());
        assertEquals("Y", s.configureFlag());
        assertEquals("N", s.loadableFlag());
    }

    @Test
    void aSystemFileWithoutLoadableIsAStaticModuleWhoseLoadableFlagPrintsAsDash() throws Exception {
        SystemFile s = parse("$CONFIGURE\nn\n$$$\n$VERSION\n1\n$$$\n");
        assertFalse(s.configure());
        assertEquals(Optional.empty(), s.loadable());
        assertEquals("-", s.loadableFlag());
        assertTrue(s.tunables().isEmpty());
    }

    @Test
    void anEmptyTunableSectionSetsNoTunable() throws Exception {
        assertTrue(parse(HEAD + "$TUNABLE\n$$$\n").tunables().isEmpty());
    }

    @Test
    void formatParsesBackToAnEqualObject() throws Exception {
        for (String text : List.of(FULL, HEAD, HEAD + "$LOADABLE\nY\n$$$\n$TUNABLE\n$$$\n")) {
            SystemFile s = parse(text);
            SystemFile again = parse(s.format());
            assertEquals(s, again);
            assertEquals(List.copyOf(s.tunables().keySet()), List.copyOf(again.tunables().keySet()));
            assertEquals(s.format(), again.format());
        }
    }

    @Test
    void formatWritesTheCanonicalTextWithACommentNamingTheModule() throws Exception {
        assertEquals("""
                * e100 -- system file
                $VERSION
                1
                $$$
                $CONFIGURE
                Y
                $$$
                $LOADABLE
                N
                $$$
                $TUNABLE
                e100_rx_ring 128
                e100_debug 7
                e100_offset -3
                $$$
                """, parse(FULL).format());
    }

    @Test
    void readAndWriteGoThroughTheFileCrashSafely(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("system.d/e100");
        SystemFile s = parse(FULL);
        s.write(file);
        assertEquals(s, SystemFile.read(file, "e100"));
        SystemFileException e = assertThrows(SystemFileException.class, () -> {
            Files.writeString(file, "$VERSION\n2\n$$$\n");
            SystemFile.read(file, "e100");
        });
        assertTrue(e.getMessage().startsWith(file + ": line 2: "), e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedNamingTheByteNotTheDecoder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("e100");
        Files.write(file, "* syst\u00e8me\n$VERSION\n1\n$$$\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        SystemFileException e = assertThrows(SystemFileException.class, () -> SystemFile.read(file, "e100"));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(file + ": line 1: byte 0xE8 at byte 7 of the line is not UTF-8; save the file as UTF-8",
                e.getMessage());
    }

    @Test
    void aByteOrderMarkOrANonBreakingSpaceIsRefusedByName() {
        assertRefused("\ufeff" + HEAD, 1, "U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark) at column 1: outside"
                + " comments a system file is printable ASCII");
        assertRefused(HEAD + "$TUNABLE\ne100_debug\u00a07\n$$$\n", 8, "U+00A0 NO-BREAK SPACE at column 11");
    }

    // ---- refusals, each with its line

    @Test
    void anUnknownSectionIsRefused() {
        assertRefused(HEAD + "$DRIVER_INSTALL\n$$$\n", 7, "unknown section '$DRIVER_INSTALL'");
    }

    @Test
    void aSectionNotEndedBeforeTheNextIsRefusedAtItsHeader() {
        assertRefused("$VERSION\n1\n$CONFIGURE\nY\n$$$\n", 1, "section $VERSION is not ended by '$$$' before"
                + " $CONFIGURE on line 3");
    }

    @Test
    void aSectionNotEndedBeforeTheEndOfTheFileIsRefusedAtItsHeader() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 1\n", 7, "section $TUNABLE is not ended by '$$$' before the end");
    }

    @Test
    void aSectionGivenTwiceIsRefused() {
        assertRefused(HEAD + "$CONFIGURE\nN\n$$$\n", 7, "section $CONFIGURE is given twice (first on line 4)");
    }

    @Test
    void aVersionOtherThanOneIsRefused() {
        assertRefused("$VERSION\n2\n$$$\n$CONFIGURE\nY\n$$$\n", 2, "unsupported system file version '2'");
    }

    @Test
    void anEmptyVersionSectionIsRefused() {
        assertRefused("$VERSION\n$$$\n$CONFIGURE\nY\n$$$\n", 1, "$VERSION holds no version");
    }

    @Test
    void aSecondVersionLineIsRefused() {
        assertRefused("$VERSION\n1\n1\n$$$\n$CONFIGURE\nY\n$$$\n", 3, "$VERSION holds one line");
    }

    @Test
    void aFileWithoutVersionIsRefused() {
        assertRefused("$CONFIGURE\nY\n$$$\n", 3, "the file has no $VERSION section");
    }

    @Test
    void aFileWithoutConfigureIsRefused() {
        assertRefused("$VERSION\n1\n$$$\n$LOADABLE\nY\n$$$\n", 6, "the file has no $CONFIGURE section");
    }

    @Test
    void anEmptyFileIsRefusedAtLineOne() {
        assertRefused("", 1, "the file has no $VERSION section");
    }

    @Test
    void aConfigureFlagOtherThanYOrNIsRefused() {
        assertRefused("$VERSION\n1\n$$$\n$CONFIGURE\nyes\n$$$\n", 5, "bad $CONFIGURE flag 'yes'");
    }

    @Test
    void aLoadableFlagOtherThanYOrNIsRefused() {
        assertRefused(HEAD + "$LOADABLE\n1\n$$$\n", 8, "bad $LOADABLE flag '1'");
    }

    @Test
    void anEmptyFlagSectionIsRefused() {
        assertRefused(HEAD + "$LOADABLE\n$$$\n", 7, "$LOADABLE holds no flag");
    }

    @Test
    void aSecondFlagLineIsRefused() {
        assertRefused("$VERSION\n1\n$$$\n$CONFIGURE\nY\nN\n$$$\n", 6, "found a second line, 'N'");
    }

    @Test
    void aTunableLineWithoutValueIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug\n$$$\n", 8, "a $TUNABLE line is 'name value'");
    }

    @Test
    void aTunableLineWithExtraFieldsIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 1 7\n$$$\n", 8, "found 'e100_debug 1 7'");
    }

    @Test
    void aTunableNameThatIsNotANameIsRefused() {
        assertRefused(HEAD + "$TUNABLE\n9lives 1\n$$$\n", 8, "bad tunable name '9lives'");
    }

    @Test
    void aTunableValueThatIsNotAnIntegerIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug high\n$$$\n", 8, "tunable 'e100_debug': value 'high' is not an"
                + " integer");
        assertRefused(HEAD + "$TUNABLE\ne100_debug 0xZZ\n$$$\n", 8, "value '0xZZ' is not an integer");
    }

    @Test
    void aTunableValueInDigitsOutsideAsciiIsRefusedNamingTheDigit() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug ３\n$$$\n", 8, "U+FF13 FULLWIDTH DIGIT THREE");
        assertRefused(HEAD + "$TUNABLE\ne100_debug 0x+5\n$$$\n", 8, "value '0x+5' is not an integer");
    }

    @Test
    void aTunableSetTwiceIsRefused() {
        assertRefused(HEAD + "$TUNABLE\ne100_debug 1\n\ne100_debug 2\n$$$\n", 10,
                "tunable 'e100_debug' is set twice (first on line 8)");
    }

    @Test
    void contentOutsideAnySectionIsRefused() {
        assertRefused(HEAD + "Y\n", 7, "'Y' is outside any section");
    }

    @Test
    void anEndMarkerWithNoOpenSectionIsRefused() {
        assertRefused(HEAD + "$$$\n", 7, "'$$$' ends no section");
    }

    @Test
    void aSectionHeaderWithTextAfterItIsRefused() {
        assertRefused("$VERSION 1\n$$$\n", 1, "section header $VERSION stands alone on its line");
    }

    // ---- defaults and edits

    @Test
    void theDefaultsOfALoadableModuleConfigureItAsLoadableWithNoOverrides() {
        SystemFile s = SystemFile.defaultsFor(master("e100", true, tunable("e100_debug", 0, 0, 7)));
        assertEquals(new SystemFile("e100", true, Optional.of(true), Map.of()), s);
    }

    @Test
    void theDefaultsOfAStaticModuleHaveNoLoadableFlag() {
        SystemFile s = SystemFile.defaultsFor(master("lvm", false));
        assertEquals(new SystemFile("lvm", true, Optional.empty(), Map.of()), s);
        assertEquals("-", s.loadableFlag());
        assertFalse(s.format().contains("$LOADABLE"));
    }

    @Test
    void withConfigureAndWithLoadableChangeOnlyTheirFlag() throws Exception {
        SystemFile s = parse(FULL);
        SystemFile changed = s.withConfigure(false).withLoadable(true);
        assertFalse(changed.configure());
        assertEquals(Optional.of(true), changed.loadable());
        assertEquals(s.tunables(), changed.tunables());
        assertTrue(s.configure(), "the original is unchanged");
    }

    @Test
    void settingTheLoadableFlagOfAStaticModuleIsRefused() {
        SystemFile s = SystemFile.defaultsFor(master("lvm", false));
        KernelException e = assertThrows(KernelException.class, () -> s.withLoadable(true));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("module lvm has no $LOADABLE section in its master file: it can only be configured statically",
                e.getMessage());
    }

    @Test
    void withTunableReplacesInPlaceOrAppendsAndWithoutTunableRemoves() throws Exception {
        SystemFile s = parse(FULL).withTunable("e100_debug", 3).withTunable("e100_tx_ring", 32);
        assertEquals(List.of("e100_rx_ring", "e100_debug", "e100_offset", "e100_tx_ring"),
                List.copyOf(s.tunables().keySet()));
        assertEquals(3L, s.tunables().get("e100_debug"));
        SystemFile removed = s.withoutTunable("e100_debug");
        assertFalse(removed.tunables().containsKey("e100_debug"));
        assertSame(removed, removed.withoutTunable("e100_debug"));
        assertThrows(IllegalArgumentException.class, () -> s.withTunable("not a name", 1));
        assertThrows(UnsupportedOperationException.class, () -> s.tunables().put("x", 1L));
    }

    // ---- validation against the master file

    @Test
    void aSystemFileWithinItsMastersTunablesAndBoundsIsValid() throws Exception {
        MasterFile m = master("e100", true, tunable("e100_debug", 0, 0, 7), tunable("e100_rx_ring", 64, 16, 1024));
        SystemFile.defaultsFor(m).withTunable("e100_debug", 7).withTunable("e100_rx_ring", 16).validateAgainst(m);
    }

    @Test
    void anOverrideOfATunableTheMasterDoesNotDeclareIsRefused() {
        MasterFile m = master("e100", true, tunable("e100_debug", 0, 0, 7));
        KernelException e = assertThrows(KernelException.class,
                () -> SystemFile.defaultsFor(m).withTunable("e100_rx_ring", 128).validateAgainst(m));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("tunable e100_rx_ring = 128 is not declared"), e.getMessage());
        assertTrue(e.getMessage().contains("the module's tunables are e100_debug"), e.getMessage());
    }

    @Test
    void anOverrideOutsideTheMastersBoundsIsRefusedNamingTunableValueAndBounds() {
        MasterFile m = master("e100", true, tunable("e100_rx_ring", 64, 16, 1024));
        for (long value : new long[] {15, 1025}) {
            KernelException e = assertThrows(KernelException.class,
                    () -> SystemFile.defaultsFor(m).withTunable("e100_rx_ring", value).validateAgainst(m));
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains("tunable e100_rx_ring = " + value + " is outside its bounds [16, 1024]"),
                    e.getMessage());
        }
    }

    @Test
    void aLoadableFlagForAStaticMasterIsRefused() {
        MasterFile m = master("lvm", false);
        KernelException e = assertThrows(KernelException.class,
                () -> new SystemFile("lvm", true, Optional.of(true), Map.of()).validateAgainst(m));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("it can only be configured statically"), e.getMessage());
    }

    @Test
    void aMissingLoadableFlagForALoadableMasterIsRefused() {
        MasterFile m = master("e100", true);
        KernelException e = assertThrows(KernelException.class,
                () -> new SystemFile("e100", true, Optional.empty(), Map.of()).validateAgainst(m));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void aSystemFileCheckedAgainstAnotherModulesMasterIsRefused() {
        KernelException e = assertThrows(KernelException.class,
                () -> SystemFile.defaultsFor(master("e100", true)).validateAgainst(master("aic7xxx", true)));
        assertEquals(Errno.EINVAL, e.errno());
    }
}
