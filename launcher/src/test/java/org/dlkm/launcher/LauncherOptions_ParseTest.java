package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LauncherOptions_ParseTest {

    @Test
    void noArgumentsMeansHomeVarEmbeddedMachineAndNoScript() throws UsageException {
        LauncherOptions options = LauncherOptions.parse();

        assertEquals(Path.of("var"), options.home());
        assertEquals(Optional.empty(), options.hardware());
        assertEquals(Optional.empty(), options.script());
        assertFalse(options.stopOnFailure());
        assertFalse(options.trace());
        assertFalse(options.verbose());
        assertFalse(options.help());
    }

    @Test
    void homeAndHardwareTakeTheNextArgumentOrAnEqualsValue() throws UsageException {
        LauncherOptions separate = LauncherOptions.parse("--home", "/srv/k", "--hardware", "hw.txt");
        LauncherOptions joined = LauncherOptions.parse("--home=/srv/k", "--hardware=hw.txt");

        assertEquals(Path.of("/srv/k"), separate.home());
        assertEquals(Optional.of(Path.of("hw.txt")), separate.hardware());
        assertEquals(separate, joined);
    }

    @Test
    void scriptFlagsAndVerboseAreRead() throws UsageException {
        LauncherOptions options = LauncherOptions.parse("-e", "-x", "-v", "-c", "lb; echo hi");

        assertEquals(Optional.of("lb; echo hi"), options.script());
        assertTrue(options.stopOnFailure());
        assertTrue(options.trace());
        assertTrue(options.verbose());
    }

    @Test
    void shortFlagsMayBeBundledAndCTakesTheNextArgument() throws UsageException {
        LauncherOptions options = LauncherOptions.parse("-exvc", "lb");

        assertTrue(options.stopOnFailure());
        assertTrue(options.trace());
        assertTrue(options.verbose());
        assertEquals(Optional.of("lb"), options.script());
    }

    @Test
    void cTakesTheRestOfItsBundleLikeGetopt() throws UsageException {
        assertEquals(Optional.of("lb"), LauncherOptions.parse("-clb").script());
    }

    @Test
    void anEmptyScriptIsAScript() throws UsageException {
        assertEquals(Optional.of(""), LauncherOptions.parse("-c", "").script());
    }

    @Test
    void helpIsRecognisedShortAndLong() throws UsageException {
        assertTrue(LauncherOptions.parse("-h").help());
        assertTrue(LauncherOptions.parse("--help").help());
    }

    @Test
    void anUnknownLongOptionIsRefusedByName() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("--homer", "x"));
        assertEquals("unknown option '--homer'", e.getMessage());
    }

    @Test
    void anUnknownShortOptionIsRefusedByName() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("-eq"));
        assertEquals("unknown option '-q'", e.getMessage());
    }

    @Test
    void anOptionWithoutItsValueSaysWhatItNeeds() {
        assertEquals("option --home needs a directory",
                assertThrows(UsageException.class, () -> LauncherOptions.parse("--home")).getMessage());
        assertEquals("option -c needs the commands to run",
                assertThrows(UsageException.class, () -> LauncherOptions.parse("-v", "-c")).getMessage());
    }

    @Test
    void anEmptyHomeIsRefused() {
        assertThrows(UsageException.class, () -> LauncherOptions.parse("--home="));
    }

    @Test
    void aSecondScriptIsRefusedRatherThanSilentlyDropped() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("-c", "lb", "-c", "ls"));
        assertTrue(e.getMessage().startsWith("option -c given twice"), e.getMessage());
    }

    @Test
    void aBareArgumentIsRefusedAndPointsAtMinusC() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("lb"));
        assertTrue(e.getMessage().startsWith("unexpected argument 'lb'"), e.getMessage());
    }

    @Test
    void doubleDashEndsTheOptions() throws UsageException {
        assertEquals(Path.of("k"), LauncherOptions.parse("--home", "k", "--").home());
        assertThrows(UsageException.class, () -> LauncherOptions.parse("--", "lb"));
    }

    @Test
    void helpTakesNoValue() {
        assertThrows(UsageException.class, () -> LauncherOptions.parse("--help=yes"));
    }

    @Test
    void aShellSessionIsTheDefaultCommand() throws UsageException {
        assertEquals(LauncherOptions.Command.SHELL, LauncherOptions.parse("-c", "lb").command());
    }

    @Test
    void daemonAndStopAreCommandsOfTheirOwn() throws UsageException {
        LauncherOptions daemon = LauncherOptions.parse("--home", "/srv/k", "--hardware", "hw", "-v", "--daemon");

        assertEquals(LauncherOptions.Command.DAEMON, daemon.command());
        assertEquals(Optional.of(Path.of("hw")), daemon.hardware());
        assertEquals(LauncherOptions.Command.STOP, LauncherOptions.parse("--stop", "--home=/srv/k").command());
    }

    @Test
    void daemonAndStopRunNoCommands() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("--daemon", "-c", "lb"));

        assertEquals("option --daemon runs no commands: leave out -c, -e and -x, and run them in the kernel with"
                + " another dlkm", e.getMessage());
        assertThrows(UsageException.class, () -> LauncherOptions.parse("--stop", "-x"));
    }

    @Test
    void daemonAndStopExcludeEachOther() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("--daemon", "--stop"));

        assertEquals("options --daemon and --stop exclude each other", e.getMessage());
    }

    @Test
    void stopTakesNoHardware() {
        assertThrows(UsageException.class, () -> LauncherOptions.parse("--stop", "--hardware", "hw"));
    }

    @Test
    void kernelNamesAKernelFileToBootAndStopTakesNone() throws UsageException {
        assertEquals(Optional.of(Path.of("/srv/k/stand/vmunix.prev")),
                LauncherOptions.parse("--kernel", "/srv/k/stand/vmunix.prev", "-c", "kmadmin -k").kernel());
        assertEquals(Optional.of(Path.of("vmunix.prev")), LauncherOptions.parse("--kernel=vmunix.prev").kernel());
        assertEquals(Optional.empty(), LauncherOptions.parse().kernel());
        assertThrows(UsageException.class, () -> LauncherOptions.parse("--stop", "--kernel", "vmunix.prev"));
        assertThrows(UsageException.class, () -> LauncherOptions.parse("--kernel"));
    }
}
