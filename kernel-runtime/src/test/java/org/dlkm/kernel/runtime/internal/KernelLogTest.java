package org.dlkm.kernel.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class KernelLogTest {

    private static final Instant BOOT = Instant.parse("2024-05-01T10:15:30Z");

    private final KernelLog log = new KernelLog(Clock.fixed(BOOT, ZoneOffset.UTC));

    private List<String> lines() {
        return log.text().lines().toList();
    }

    @Test
    void anEmptyLogHasNoText() {
        assertEquals("", log.text());
    }

    @Test
    void eachLineCarriesTheTimeTheSourceAndTheMessage() {
        log.log("e100", "vmnic0: link up, 100 Mbit/s");

        assertEquals("2024-05-01T10:15:30Z e100: vmnic0: link up, 100 Mbit/s\n", log.text());
    }

    @Test
    void linesAreKeptInTheOrderLogged() {
        log.log("kernel", "loading e100");
        log.log("e100", "probe 0:7.0");
        log.log("kernel", "loaded e100");

        assertEquals(List.of(
                "2024-05-01T10:15:30Z kernel: loading e100",
                "2024-05-01T10:15:30Z e100: probe 0:7.0",
                "2024-05-01T10:15:30Z kernel: loaded e100"), lines());
    }

    @Test
    void aFullLogKeepsEveryLine() {
        for (int i = 0; i < KernelLog.CAPACITY; i++) {
            log.log("k", "line " + i);
        }

        List<String> lines = lines();
        assertEquals(KernelLog.CAPACITY, lines.size());
        assertEquals("2024-05-01T10:15:30Z k: line 0", lines.get(0));
    }

    @Test
    void theLogKeepsTheNewestThousandLines() {
        for (int i = 0; i < 2500; i++) {
            log.log("k", "line " + i);
        }

        List<String> lines = lines();
        assertEquals(1000, KernelLog.CAPACITY);
        assertEquals(1000, lines.size());
        assertEquals("2024-05-01T10:15:30Z k: line 1500", lines.get(0));
        assertEquals("2024-05-01T10:15:30Z k: line 2499", lines.get(999));
    }

    @Test
    void theOldestLineIsTheFirstToGo() {
        for (int i = 0; i <= KernelLog.CAPACITY; i++) {
            log.log("k", "line " + i);
        }

        List<String> lines = lines();
        assertEquals(KernelLog.CAPACITY, lines.size());
        assertEquals("2024-05-01T10:15:30Z k: line 1", lines.get(0));
        assertEquals("2024-05-01T10:15:30Z k: line 1000", lines.get(lines.size() - 1));
    }

    @Test
    void theTimeIsTakenFromTheClockWhenTheLineIsLogged() {
        Instant[] now = {BOOT};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        KernelLog timed = new KernelLog(moving);

        timed.log("k", "first");
        now[0] = BOOT.plusSeconds(60);
        timed.log("k", "second");

        assertEquals("2024-05-01T10:15:30Z k: first\n2024-05-01T10:16:30Z k: second\n", timed.text());
    }
}
