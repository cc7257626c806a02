package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a terminal (a pseudo-terminal made by util-linux's {@code script}; skipped where there is
 * none), in a kernel of its own and attached to a running one: the prompt, completion, commands, history kept in the
 * kernel home, and {@code exit N}.
 */
class InteractiveShellIT {

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsATerminal() {
        assumeTrue(DlkmProcess.terminalsAvailable(), "util-linux script makes the pseudo-terminal");
    }

    @Test
    void theShellOfAKernelOfItsOwnPromptsCompletesRunsAndExitsWithTheStatusGiven() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess shell = DlkmProcess.startOnTerminal(tmp, "--home", home.toString())) {
            shell.awaitOutput("dlkm> ");
            shell.send("vmkl\t-l\r");
            shell.awaitOutput("Name        ID Tag      Bundle     Size Exp  Deps Holds Devices");
            shell.send("exit 3\r");

            assertEquals(3, shell.await().status(), shell.output());
        }
        assertEquals("vmkload_mod -l\nexit 3\n", history(home));
    }

    @Test
    void aShellAttachedToARunningKernelIsTheSameShellInThatKernel() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home)) {
            kernel.send("kmadmin -L e100\n");
            kernel.awaitOutput("Module e100 loaded, ID = 2");
            try (DlkmProcess shell = DlkmProcess.startOnTerminal(tmp, "--home", home.toString())) {
                shell.awaitOutput("dlkm> ");
                shell.send("vmkl\t-l\r");
                shell.awaitOutput("e100         2 vmnic        13    11336 yes     0     0 vmnic0");
                shell.send("kmadmin -U e100\r");
                shell.awaitOutput("Module e100 unloaded");
                shell.send("exit 4\r");

                assertEquals(4, shell.await().status(), shell.output());
            }
            kernel.send("kmadmin -s\n");
            kernel.closeInput();
            DlkmProcess.Result first = kernel.await();
            assertTrue(first.output().endsWith("vmklinux        1       LOADED          Misc\n"), first.output());
        }
        assertEquals("vmkload_mod -l\nkmadmin -U e100\nexit 4\n", history(home));
    }

    @Test
    void aShellAttachedToADaemonGoesOnAcrossARebootAndEndsWhenTheKernelHalts() throws Exception {
        Path home = tmp.resolve("var");
        DlkmProcess.Result daemon = DlkmProcess.run(tmp, "", "--home", home.toString(), "--daemon");
        assertEquals(0, daemon.status(), daemon.output());
        try (DlkmProcess shell = DlkmProcess.startOnTerminal(tmp, "--home", home.toString())) {
            shell.awaitOutput("dlkm> ");
            shell.send("kmadmin -L nfshaper\r");
            shell.awaitOutput("Module nfshaper loaded, ID = 1");
            shell.send("reboot\r");
            shell.awaitOutput("dlkm: the kernel rebooted");
            shell.send("kmadmin -L e100\r");
            shell.awaitOutput("Module e100 loaded, ID = 2");
            shell.send("shutdown -h\r");

            DlkmProcess.Result ended = shell.await();
            assertEquals(0, ended.status(), ended.output());
            assertTrue(ended.output().contains("Halting the kernel"), ended.output());
            assertTrue(ended.output().endsWith("dlkm: the kernel was shut down\r\n"), ended.output());
        }
        assertTrue(history(home).endsWith("reboot\nkmadmin -L e100\nshutdown -h\n"), history(home));
    }

    /** The commands in the home's history file, without the time JLine writes before each. */
    private static String history(Path home) throws Exception {
        StringBuilder commands = new StringBuilder();
        for (String line : Files.readAllLines(home.resolve(".history"), StandardCharsets.UTF_8)) {
            commands.append(line.substring(line.indexOf(':') + 1)).append('\n');
        }
        return commands.toString();
    }
}
