package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLog_RotationTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static final String STAMP = "2026-11-30T12:00:00Z ";

    @TempDir
    Path tmp;

    @Test
    void eachLineIsStampedWithTheTimeItWasWritten() throws Exception {
        Path file = tmp.resolve("var/adm/dlkm.log");
        try (PrintStream log = print(ConsoleLog.open(file, 1024, 3, NOON))) {
            log.print("dlkm: kernel ");
            log.println("running");
            log.print("two\nlines\n");
        }

        assertEquals(STAMP + "dlkm: kernel running\n" + STAMP + "two\n" + STAMP + "lines\n", read(file));
    }

    @Test
    void aFullLogIsRotatedAtTheNextLineAndTheOldestIsDropped() throws Exception {
        Path file = tmp.resolve("dlkm.log");
        String line = "x".repeat(100 - STAMP.length() - 1);
        try (PrintStream log = print(ConsoleLog.open(file, 200, 3, NOON))) {
            for (int i = 1; i <= 8; i++) {
                log.println(line.substring(1) + i);
            }
        }

        assertEquals(STAMP + line.substring(1) + 7 + "\n" + STAMP + line.substring(1) + 8 + "\n", read(file));
        assertEquals(STAMP + line.substring(1) + 5 + "\n" + STAMP + line.substring(1) + 6 + "\n",
                read(tmp.resolve("dlkm.log.1")));
        assertEquals(STAMP + line.substring(1) + 3 + "\n" + STAMP + line.substring(1) + 4 + "\n",
                read(tmp.resolve("dlkm.log.2")));
        assertFalse(Files.exists(tmp.resolve("dlkm.log.3")));
    }

    @Test
    void aLogIsAppendedToAcrossRuns() throws Exception {
        Path file = tmp.resolve("dlkm.log");
        try (PrintStream log = print(ConsoleLog.open(file, 1024, 2, NOON))) {
            log.println("first run");
        }
        try (PrintStream log = print(ConsoleLog.open(file, 1024, 2, NOON))) {
            log.println("second run");
        }

        assertEquals(STAMP + "first run\n" + STAMP + "second run\n", read(file));
    }

    private static PrintStream print(ConsoleLog log) {
        return new PrintStream(log, true, StandardCharsets.UTF_8);
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
