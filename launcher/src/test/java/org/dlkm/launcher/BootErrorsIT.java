package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel that cannot boot says why, as the kernel itself says it, and no shell or command runs: {@code dlkm:
 * <file>: line N: <reason>} and exit status 2, privately and for {@code --daemon}.
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
}
