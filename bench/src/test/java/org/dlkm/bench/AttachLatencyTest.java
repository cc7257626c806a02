package org.dlkm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P10's timing loop over a fake dlkm that logs its calls: the daemon started first, stopped last, even on failure. */
class AttachLatencyTest {
    @TempDir
    Path tmp;

    private Path fakeDlkm(String body) throws IOException {
        Path script = tmp.resolve("dlkm");
        Files.writeString(script, "#!/usr/bin/env bash\necho \"$*\" >> " + tmp.resolve("calls") + "\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    @Test
    void theDaemonStartsFirstEachCommandRunsWarmUpsPlusRunsTimesAndTheDaemonStops() throws Exception {
        Path home = tmp.resolve("var");
        AttachLatency latency = new AttachLatency(fakeDlkm("exit 0\n"), java());

        AttachLatency.Figures f = latency.measure(home, 1, 3);

        List<String> calls = Files.readAllLines(tmp.resolve("calls"));
        assertEquals("--home " + home + " --daemon", calls.get(0));
        assertEquals("--home " + home + " --stop", calls.get(calls.size() - 1));
        assertEquals(4, calls.stream().filter(c -> c.endsWith("-c vmkload_mod -l")).count());
        assertTrue(f.dlkmMillis() > 0 && f.javaMillis() > 0, f.toString());
    }

    @Test
    void aFailingCommandStopsTheRunAndTheDaemonStillStops() throws Exception {
        AttachLatency latency = new AttachLatency(fakeDlkm("[[ $3 == -c ]] && exit 1\nexit 0\n"), java());

        IOException e = assertThrows(IOException.class, () -> latency.measure(tmp.resolve("var"), 1, 3));

        assertTrue(e.getMessage().endsWith("exit status 1"), e.getMessage());
        List<String> calls = Files.readAllLines(tmp.resolve("calls"));
        assertTrue(calls.get(calls.size() - 1).endsWith("--stop"), calls.toString());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, AttachLatency.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(3.0, AttachLatency.median(List.of(5.0, 3.0, 1.0)));
    }
}
