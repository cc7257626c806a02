package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dlkm --daemon}, {@code ./dlkm --stop}, {@code shutdown} and {@code reboot}, with real processes: the
 * kernel runs in the background, shells attach to it, and it stops, or reboots under its sessions, when told.
 */
class DaemonIT {

    private static final Pattern STARTED = Pattern.compile("dlkm: kernel started on (.+): process (\\d+), console log"
            + " (.+)\n");

    @TempDir
    Path tmp;

    private Path home;
    private long daemon;

    @AfterEach
    void killTheDaemon() {
        ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void theDaemonReturnsOnceItsKernelRunsAndShellsAttachToItUntilItIsStopped() throws Exception {
        DlkmProcess.Result started = startDaemon();

        assertTrue(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "the daemon is not running");
        assertEquals(0, run("kmadmin -L e100").status());
        assertEquals("e100            2       LOADED          WSIO", run("kmadmin -s").lines().get(3));

        DlkmProcess.Result stopped = DlkmProcess.run(tmp, "", "--home", home.toString(), "--stop");

        assertEquals(0, stopped.status(), stopped.output());
        assertEquals("dlkm: stopped the kernel of " + home + " (process " + daemon + ")\n", stopped.output());
        assertFalse(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "the daemon still runs");
        assertFalse(Files.exists(home.resolve("run/dlkm.sock")), "the socket is left behind");
        assertEquals(List.of("dlkm: kernel process " + daemon + " booting on " + home, "dlkm: kernel running",
                "dlkm: kernel halted"), consoleLog(), started.output());
    }

    @Test
    void aSecondDaemonOnAHomeWhoseKernelRunsIsRefusedNamingIt() throws Exception {
        startDaemon();

        DlkmProcess.Result second = DlkmProcess.run(tmp, "", "--home", home.toString(), "--daemon");

        assertEquals(1, second.status());
        assertEquals("dlkm: a kernel already runs on " + home + " (process " + daemon + ", in the background):"
                + " ./dlkm attaches to it, ./dlkm --stop stops it\n", second.output());
    }

    @Test
    void stopWhenNoKernelRunsSaysSoAndFails() throws Exception {
        home = tmp.resolve("var");

        DlkmProcess.Result stop = DlkmProcess.run(tmp, "", "--home", home.toString(), "--stop");

        assertEquals(1, stop.status());
        assertEquals("dlkm: no kernel runs on " + home + "\n", stop.output());
    }

    @Test
    void rebootBootsTheKernelAgainUnderTheSessionAndShutdownHaltsItCuttingTheScriptShort() throws Exception {
        startDaemon();

        DlkmProcess.Result rebooted = run("-x", "-c", "kmadmin -L e100; reboot; vmkload_mod -l; kmadmin -s");

        assertEquals(0, rebooted.status(), rebooted.output());
        assertEquals("dlkm> kmadmin -L e100\n"
                + "Module vmklinux loaded, ID = 1 (needed by e100)\n"
                + "Module e100 loaded, ID = 2\n"
                + "dlkm> reboot\n"
                + "Rebooting the kernel\n"
                + "dlkm> vmkload_mod -l\n"
                + "Name        ID Tag      Bundle     Size Exp  Deps Holds Devices\n"
                + "dlkm> kmadmin -s\n"
                + "Name            ID      Status          Type\n"
                + "=====================================================\n", rebooted.output());
        assertTrue(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "a reboot is no halt");

        DlkmProcess.Result halted = run("shutdown -h now; scanpci");

        assertEquals(1, halted.status(), halted.output());
        assertEquals("Halting the kernel\ndlkm: the kernel was shut down before the script ended\n",
                halted.output());
        assertTrue(ProcessHandle.of(daemon).get().onExit().get(30, TimeUnit.SECONDS) != null);
        assertEquals(List.of("dlkm: kernel process " + daemon + " booting on " + home, "dlkm: kernel running",
                "dlkm: kernel rebooted (boot 2)", "dlkm: kernel halted"), consoleLog());
    }

    private DlkmProcess.Result startDaemon() throws Exception {
        home = tmp.resolve("var");
        DlkmProcess.Result started = DlkmProcess.run(tmp, "", "--home", home.toString(), "--daemon");
        assertEquals(0, started.status(), started.output());
        Matcher matcher = STARTED.matcher(started.output());
        assertTrue(matcher.matches(), started.output());
        assertEquals(home.toString(), matcher.group(1));
        assertEquals(home.resolve("var/adm/dlkm.log").toString(), matcher.group(3));
        daemon = Long.parseLong(matcher.group(2));
        return started;
    }

    /** Runs {@code dlkm -c COMMAND} on the home, or with the arguments given. */
    private DlkmProcess.Result run(String... args) throws Exception {
        String[] all = args.length == 1 ? new String[] {"--home", home.toString(), "-c", args[0]}
                : concat(new String[] {"--home", home.toString()}, args);
        return DlkmProcess.run(tmp, "", all);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** The console log's lines, without their time stamps. */
    private List<String> consoleLog() throws Exception {
        return Files.readAllLines(home.resolve("var/adm/dlkm.log"), StandardCharsets.UTF_8).stream()
                .map(line -> line.substring(line.indexOf(' ') + 1)).collect(Collectors.toList());
    }
}
