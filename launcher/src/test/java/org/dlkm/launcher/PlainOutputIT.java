package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that does not go to a terminal is plain text: {@code dlkm -c} and scripts on standard input, in a kernel of
 * their own and attached to a running one, print no escape sequence (no colour), neither in what commands print nor
 * in their errors, so that {@code ./dlkm -c help | less} and a log read as they look.
 */
class PlainOutputIT {
    /** help, the proc tree, a refusal, an unknown command and a usage, in one script. */
    private static final String COMMANDS = "help; help -a; help kmadmin; ls /proc; cat /proc/vmware/filters/status;"
            + " kmadmin -Q nosuch; nosuch; kmadmin -Z";

    @TempDir
    Path tmp;

    @Test
    void aScriptInAKernelOfItsOwnPrintsNoEscapeSequence() throws Exception {
        DlkmProcess.Result result = DlkmProcess.run(tmp, "", "--home", tmp.resolve("var").toString(), "-c", COMMANDS);

        assertPlain(result);
    }

    @Test
    void aScriptOnStandardInputAttachedToARunningKernelPrintsNoEscapeSequence() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home)) {
            DlkmProcess.Result result = DlkmProcess.run(tmp, COMMANDS.replace("; ", "\n") + "\n", "--home",
                    home.toString(), "-x");

            assertPlain(result);
            assertTrue(result.output().contains("dlkm> nosuch\n"), result.output());
            kernel.closeInput();
            assertEquals(0, kernel.await().status());
        }
    }

    private static void assertPlain(DlkmProcess.Result result) {
        String output = result.output();
        assertEquals(1, result.status(), output);
        assertFalse(output.contains("\u001b"), "an escape sequence in:\n" + output.replace("\u001b", "^["));
        assertTrue(output.contains("HP-UX: dynamically loadable kernel modules\n  kmadmin      load,"), output);
        assertTrue(output.contains("\nvmware/\n"), output);
        assertTrue(output.contains("kmadmin: nosuch: no such module is loaded or registered (ENOENT)"), output);
        assertTrue(output.contains("dlkm: nosuch: command not found"), output);
        assertTrue(output.contains("kmadmin: unknown option '-Z'"), output);
        assertFalse(output.contains("__"), "help names an internal function:\n" + output);
    }
}
