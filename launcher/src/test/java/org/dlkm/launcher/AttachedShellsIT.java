package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a kernel runs on a home, every {@code dlkm} on that home runs its commands in that kernel, attached over the
 * home's socket: with real processes, a kernel held by a {@code dlkm} whose script the test writes line by line.
 */
class AttachedShellsIT {

    @TempDir
    Path tmp;

    @Test
    void aSecondDlkmRunsItsCommandsInTheKernelAlreadyRunningOnItsHome() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home)) {
            kernel.send("kmadmin -L e100\n");
            kernel.awaitOutput("Module e100 loaded, ID = 2");

            DlkmProcess.Result second = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c",
                    "kmadmin -s; kmadmin -U e100");

            assertEquals(0, second.status(), second.output());
            assertEquals("Name            ID      Status          Type\n"
                    + "=====================================================\n"
                    + "vmklinux        1       LOADED          Misc\n"
                    + "e100            2       LOADED          WSIO\n"
                    + "Module e100 unloaded\n", second.output());
            kernel.send("vmkload_mod -l\n");
            kernel.closeInput();
            DlkmProcess.Result first = kernel.await();
            assertEquals(0, first.status(), first.output());
            // the jar's size changes with every manifest; the rest of the row is what this test is about
            assertTrue(first.output().matches("(?s).*Name        ID Tag      Bundle     Size Exp  Deps Holds Devices\n"
                    + "vmklinux     1 vmklinux     13 +\\d+ yes     0     0\n"), first.output());
        }
    }

    @Test
    void anAttachedScriptFailsAndStopsAsAPrivateOneDoes() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home)) {
            DlkmProcess.Result attached = DlkmProcess.run(tmp, "", "--home", home.toString(), "-e", "-x", "-c",
                    "vmkload_mod -l; nosuchcommand; scanpci");

            assertEquals(1, attached.status());
            assertEquals("dlkm> vmkload_mod -l\n"
                    + "Name        ID Tag      Bundle     Size Exp  Deps Holds Devices\n"
                    + "dlkm> nosuchcommand\n"
                    + "dlkm: nosuchcommand: command not found\n", attached.output());
        }
    }

    @Test
    void aHardwareDescriptionOtherThanTheRunningKernelsIsRefused() throws Exception {
        Path home = tmp.resolve("var");
        Path hardware = Files.writeString(tmp.resolve("hw"), "0:7 8086:1229 ethernet vmkernel Intel e100\n");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home)) {
            DlkmProcess.Result attached = DlkmProcess.run(tmp, "", "--home", home.toString(), "--hardware",
                    hardware.toString(), "-c", "scanpci");

            assertEquals(1, attached.status());
            assertEquals("dlkm: the kernel of process " + kernel.pid() + " runs on " + home + " with the embedded"
                    + " example machine, not " + hardware + ": stop it first (shutdown -h in its shell, or ./dlkm"
                    + " --stop), or leave out --hardware to attach to it\n", attached.output());
        }
    }

    @Test
    void aShellAttachedToAKernelKilledWithKillMinus9ReportsTheLossAndExitsNonZero() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home);
                DlkmProcess attached = DlkmProcess.start(tmp, "--home", home.toString())) {
            attached.send("kmadmin -L nfshaper\n");
            attached.awaitOutput("Module nfshaper loaded, ID = 1");

            kernel.kill();

            DlkmProcess.Result lost = attached.await();
            assertEquals(1, lost.status());
            assertEquals("Module nfshaper loaded, ID = 1\n"
                    + "dlkm: lost the kernel of process " + kernel.pid() + " on " + home + ": it ended without ending"
                    + " this session (killed, or crashed; see its console); the next ./dlkm boots a new kernel\n",
                    lost.output());
        }
        DlkmProcess.Result next = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "kmadmin -s");
        assertEquals(0, next.status(), next.output());
        assertEquals("Name            ID      Status          Type\n"
                + "=====================================================\n", next.output());
    }

    @Test
    void aPrivateKernelRunsUntilTheLastSessionUsingItEnds() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home);
                DlkmProcess attached = DlkmProcess.start(tmp, "--home", home.toString())) {
            attached.send("kmadmin -L nfshaper\n");
            attached.awaitOutput("Module nfshaper loaded, ID = 1");

            kernel.closeInput();
            Thread.sleep(500);
            assertTrue(kernel.isAlive(), "the kernel stopped while a shell still used it");
            attached.send("kmadmin -s\n");
            attached.closeInput();

            assertEquals(0, attached.await().status(), attached.output());
            assertTrue(attached.output().endsWith("nfshaper        1       LOADED          Misc\n"), attached.output());
            assertEquals(0, kernel.await().status(), kernel.output());
            assertFalse(Files.exists(home.resolve("run/dlkm.sock")), "the socket is left behind");
        }
    }
}
