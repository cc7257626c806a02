package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a terminal (a pseudo-terminal made by util-linux's {@code script}; skipped where there is
 * none), in a kernel of its own and attached to a running one: the prompt, Tab completion of options, modules,
 * devices and proc paths, help, an unknown command said as scripts say it, history kept in the kernel home, and
 * {@code exit N}.
 */
class InteractiveShellIT {
    /** Ctrl-U: the line editor forgets the line typed so far. */
    private static final String CLEAR_LINE = "\u0015";

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
                // the size column is the jar's, which changes with every manifest
                shell.awaitOutput(" yes     0     0 vmnic0");
                assertTrue(shell.output().contains("e100         2 vmnic        14 "), shell.output());
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
    void tabCompletesOptionsModulesAndProcPathsFromTheKernel() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess shell = DlkmProcess.startOnTerminal(tmp, "--home", home.toString())) {
            shell.awaitOutput("dlkm> ");
            int mark = shell.output().length();
            shell.send("kmadmin -\t");
            String options = shell.awaitScreen(mark, "(demand-load a module and what it depends on)");
            assertTrue(options.contains("-L") && options.contains("-U") && options.contains("(unload a module by name)"),
                    options);

            mark = shell.output().length();
            shell.send(CLEAR_LINE + "/usr/sbin/kmadmin -\t");
            assertTrue(shell.awaitScreen(mark, "(query a module by name)").contains("-Q"));

            shell.send(CLEAR_LINE + "kmadmin -L e1\t\r");
            shell.awaitOutput("Module e100 loaded, ID = 2");

            mark = shell.output().length();
            shell.send("vmkload_mod -u \t");
            String loaded = shell.awaitScreen(mark, "(loaded, ID 2)");
            assertTrue(loaded.contains("e100") && loaded.contains("vmklinux") && loaded.contains("(loaded, ID 1)"),
                    loaded);

            shell.send(CLEAR_LINE + "cat /proc/vmware/ne\tvm\t\r");
            shell.awaitOutput("Driver:         e100 (module ID 2, tag vmnic)");

            shell.send("vmkdev -o vmn\tvm1\r");
            shell.awaitOutput("Opened vmnic0 for vm1");
            shell.send("exit 0\r");

            assertEquals(0, shell.await().status(), shell.output());
        }
        assertEquals(List.of("kmadmin -L e100", "cat /proc/vmware/net/vmnic0", "vmkdev -o vmnic0 vm1", "exit 0"),
                history(home).lines().map(String::strip).toList(), "the lines as Tab completed them");
    }

    @Test
    void theShellSaysAnUnknownCommandAsScriptsDoAndListsTheDlkmCommands() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess shell = DlkmProcess.startOnTerminal(tmp, "--home", home.toString())) {
            shell.awaitOutput("dlkm> ");
            int mark = shell.output().length();
            shell.send("kmadmn -s\r");
            shell.awaitScreen(mark, "dlkm: kmadmn: command not found; did you mean kmadmin?\r\n");
            shell.send("frobnicate\r");
            shell.awaitScreen(mark, "dlkm: frobnicate: command not found\r\n");
            shell.send("help\r");
            String help = shell.awaitScreen(mark, "help COMMAND prints a command's usage");
            shell.send("help kmsystem\r");
            shell.awaitScreen(mark, "Usage: kmsystem [-c Y|N] [-l Y|N] module_name   set the configure and loadable"
                    + " flags");
            shell.send("exit 0\r");

            assertEquals(0, shell.await().status(), shell.output());
            assertFalse(shell.output().contains("CommandNotFoundException"), shell.output());
            assertTrue(help.contains("HP-UX: dynamically loadable kernel modules\r\n  kmadmin      load, unload"),
                    help);
            assertFalse(help.contains("__"), help);
        }
    }

    @Test
    void aShellAttachedToARunningKernelCompletesWithThatKernelsModulesAndDevices() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home)) {
            kernel.send("kmadmin -L e100\n");
            kernel.awaitOutput("Module e100 loaded, ID = 2");
            try (DlkmProcess shell = DlkmProcess.startOnTerminal(tmp, "--home", home.toString())) {
                shell.awaitOutput("dlkm> ");
                int mark = shell.output().length();
                shell.send("kmadmin -U \t");
                String loaded = shell.awaitScreen(mark, "(loaded, ID 2)");
                assertTrue(loaded.contains("e100") && loaded.contains("vmklinux") && loaded.contains("(loaded, ID 1)"),
                        loaded);
                shell.send(CLEAR_LINE + "vmkdev -o vm\tvm2\r");
                shell.awaitOutput("Opened vmnic0 for vm2");
                shell.send("vmkdev -c vmnic0 \t\r");
                shell.awaitOutput("Closed vmnic0 for vm2");
                mark = shell.output().length();
                shell.send("kmadmn\r");
                shell.awaitScreen(mark, "dlkm: kmadmn: command not found; did you mean kmadmin?");
                shell.send("exit 5\r");

                assertEquals(5, shell.await().status(), shell.output());
            }
            kernel.closeInput();
            assertEquals(0, kernel.await().status());
        }
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
