package org.dlkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    @TempDir
    Path dir;

    @Test
    void theRunsBeforeOneAreGivenNewestFirst() throws IOException {
        RunHistory history = new RunHistory(dir.resolve("report-history"));
        RunRecord first = Runs.run("2026-11-29T10:00:00Z", List.of(Runs.P1_NFSHAPER), List.of());
        RunRecord second = Runs.run("2026-11-30T10:00:00Z", List.of(Runs.P4_PLAN), List.of());
        RunRecord third = Runs.run("2026-11-30T11:00:00Z", List.of(Runs.P7_100), List.of());
        assertEquals(dir.resolve("report-history/run-20261130T100000Z.tsv"), history.save(second));
        history.save(first);
        history.save(third);
        assertEquals(List.of(second, first), history.before(third.run()));
        assertEquals(third, history.newest().orElseThrow());
    }

    @Test
    void anEmptyHistoryHasNoRun() throws IOException {
        RunHistory history = new RunHistory(dir.resolve("none"));
        assertEquals(List.of(), history.before(Instant.MAX));
        assertTrue(history.newest().isEmpty());
    }

    @Test
    void onlyTheNewestRunsAreKept() throws IOException {
        RunHistory history = new RunHistory(dir);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < RunHistory.KEPT + 3; i++) {
            history.save(new RunRecord(start.plusSeconds(60L * i), true, List.of(), "17", 2, List.of(), List.of()));
        }
        List<RunRecord> kept = history.before(Instant.MAX);
        assertEquals(RunHistory.KEPT, kept.size());
        assertEquals(start.plusSeconds(60L * 3), kept.get(kept.size() - 1).run());
    }

    @Test
    void anUnreadableRunIsNamedWithItsRemedy() throws IOException {
        Path broken = Files.writeString(dir.resolve("run-20261130T100000Z.tsv"), "not a record\n");
        IOException e = assertThrows(IOException.class, () -> new RunHistory(dir).before(Instant.MAX));
        assertTrue(e.getMessage().contains(broken.toString()) && e.getMessage().contains("delete it"),
                e.getMessage());
    }
}
