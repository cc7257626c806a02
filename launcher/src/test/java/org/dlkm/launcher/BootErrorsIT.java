package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel that cannot boot says why, as the kernel itself says it, and no shell or command runs: {@code dlkm:
 * <file>: line N: <reason>} or {@code dlkm: <path>: <reason>} and exit status 2, privately and for {@code --daemon}.
 * A broken module file is no such error: the kernel boots, names the file and line first, and the module is unusable.
 * The permission errors are in {@link BootErrorsAsAnotherUserIT}.
 */
class BootErrorsIT {
    private static final String BAD_LINE = "dlkm: %s: line 2: missing owner and description; a device line is"
            + " 'bus:slot[.function] vendor:device class owner description'";

    @TempDir
    Path tmp;

    private Path badHardware() throws Exception {
        Path file = tmp.resolve("hardware.txt");
        Files.writeString(file, "0:7 8086:1229 ethernet vmkernel Intel Corporation 82557/8/9\nbad line here\n");
        return file;
    }

    @Test
    void aBadHardwareFileIsNamedWithItsLineAndNoCommandRuns() throws Exception {
        Path hardware = badHardware();
        DlkmProcess.Result result = DlkmProcess.run(tmp, "", "--home", tmp.resolve("var").toString(), "--hardware",
                hardware.toString(), "-c", "vmkload_mod -l");
        assertEquals(String.format(BAD_LINE, hardware) + "\n", result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aDaemonWithABadHardwareFileSaysWhyAndExitsTwo() throws Exception {
        Path hardware = badHardware();
        Path home = tmp.resolve("var");
        DlkmProcess.Result result = DlkmProcess.run(tmp, "", "--home", home.toString(), "--hardware",
                hardware.toString(), "--daemon");
        assertEquals("dlkm: the kernel process ended with status 2 before it ran: "
                + String.format(BAD_LINE, hardware).substring("dlkm: ".length()) + "; its console log is "
                + home.resolve("var/adm/dlkm.log") + "\n", result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aCorruptKernelSystemFileIsNamedWithItsLineAndNoCommandRuns() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("var"));
        Path system = Files.createDirectories(home.resolve("stand")).resolve("system");
        Files.writeString(system, "$VERSION\n1\n$$$\n$TUNABLE\nmaxusers\n$$$\n");

        DlkmProcess.Result result = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "scanpci");

        assertEquals("dlkm: " + system + ": line 5: a $TUNABLE line is 'name value'; found 'maxusers'\n",
                result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aHomeThatIsARegularFileIsNamedAndNothingRuns() throws Exception {
        Path home = Files.writeString(tmp.resolve("var"), "a file");

        DlkmProcess.Result result = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "scanpci");

        assertEquals("dlkm: " + home + ": not a directory but a regular file: the kernel home must be a directory;"
                + " remove the file or choose another home with --home DIR\n", result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aFrameworkCacheThatIsAFileIsNamedPrivatelyAndForADaemon() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("var"));
        Path cache = Files.writeString(home.resolve("felix-cache"), "a file");
        String why = cache + ": not a directory but a regular file: dlkm keeps the framework's cache there; remove the"
                + " file and dlkm creates the directory again";

        DlkmProcess.Result script = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "scanpci");
        DlkmProcess.Result daemon = DlkmProcess.run(tmp, "", "--home", home.toString(), "--daemon");

        assertEquals("dlkm: " + why + "\n", script.output());
        assertEquals(2, script.status());
        assertEquals("dlkm: the kernel process ended with status 2 before it ran: " + why + "; its console log is "
                + home.resolve("var/adm/dlkm.log") + "\n", daemon.output());
        assertEquals(2, daemon.status());
        assertEquals("a file", Files.readString(cache));
    }

    @Test
    void aCorruptSystemFileAndMasterFileAreNamedWithTheirLineBeforeTheFirstCommand() throws Exception {
        Path home = tmp.resolve("var");
        assertEquals(0, DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "kmsystem").status());
        Path system = home.resolve("stand/system.d/e100");
        Path master = home.resolve("usr/conf/master.d/nfshaper");
        Files.writeString(system, "$CONFIGURE maybe\n");
        Files.writeString(master, "garbage\n");

        DlkmProcess.Result result = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "kmadmin -L e100");

        List<String> lines = result.lines();
        assertEquals(3, lines.size(), result.output());
        assertTrue(lines.get(0).startsWith("kminit: e100: unusable until " + system + " is repaired: " + system
                + ": line 1: section header $CONFIGURE stands alone on its line"), result.output());
        assertTrue(lines.get(1).startsWith("kminit: nfshaper: unusable until " + master + " is repaired: " + master
                + ": line 1: 'garbage' is outside any section"), result.output());
        assertTrue(lines.get(2).startsWith("kmadmin: e100: unusable until " + system + " is repaired"),
                result.output());
        assertEquals(1, result.status());
    }

    @Test
    void aTruncatedKernelShellJarStopsTheBootInsteadOfAShellWithoutDlkmCommands() throws Exception {
        Path distribution = copyOfTheDistribution();
        Path shell = bundle(distribution, "kernel-shell-");
        byte[] jar = Files.readAllBytes(shell);
        Files.write(shell, java.util.Arrays.copyOf(jar, jar.length / 2));

        DlkmProcess.Result result = DlkmProcess.run(List.of(), launcher(distribution), tmp, "--home",
                tmp.resolve("var").toString(), "-c", "scanpci");

        assertTrue(result.output().startsWith("dlkm: " + shell + ": cannot install it: "), result.output());
        assertTrue(result.output().endsWith("; the kernel shell (org.dlkm.kernel.shell) is not installed, and dlkm"
                + " opens no shell without its commands: reinstall or rebuild the distribution\n"), result.output());
        assertEquals(1, result.lines().size(), result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aKernelShellThatCannotResolveStopsTheBootWithFelixsReason() throws Exception {
        Path distribution = copyOfTheDistribution();
        Files.delete(bundle(distribution, "org.apache.felix.scr-"));
        Path shell = bundle(distribution, "kernel-shell-");

        DlkmProcess.Result result = DlkmProcess.run(List.of(), launcher(distribution), tmp, "--home",
                tmp.resolve("var").toString(), "-c", "scanpci");

        assertTrue(result.output().startsWith("dlkm: " + shell + ": the kernel shell (org.dlkm.kernel.shell) did not"
                + " start: Unable to resolve org.dlkm.kernel.shell"), result.output());
        assertTrue(result.output().contains("missing requirement"), result.output());
        assertTrue(result.output().contains("osgi.extender=osgi.component"), result.output());
        assertFalse(result.output().contains("command not found"), result.output());
        assertEquals(1, result.lines().size(), result.output());
        assertEquals(2, result.status());
    }

    /** A copy of the packaged distribution, to break. */
    private Path copyOfTheDistribution() throws IOException {
        return DlkmProcess.copyOfTheDistribution(tmp.resolve("dlkm")).getParent();
    }

    private static Path launcher(Path distribution) throws IOException {
        return bundleIn(distribution, "launcher-");
    }

    private static Path bundle(Path distribution, String prefix) throws IOException {
        return bundleIn(distribution.resolve("bundles"), prefix);
    }

    private static Path bundleIn(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in " + directory));
        }
    }
}
