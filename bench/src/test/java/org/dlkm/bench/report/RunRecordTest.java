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

class RunRecordTest {
    @TempDir
    Path dir;

    @Test
    void aRecordReadsBackAsWritten() throws IOException {
        RunRecord run = Runs.run("2026-11-30T19:02:12Z", List.of(Runs.P4_PLAN, Runs.P7_SCALING),
                List.of("  " + Runs.P4_GOAL));
        Path file = dir.resolve("results.tsv");
        run.write(file);
        RunRecord read = RunRecord.read(file);
        assertEquals(run, read);
        assertEquals(List.of(Runs.P4_GOAL), read.goals(), "goal lines are kept without their indentation");
        assertEquals(List.of("P4", "P7"), read.benchmarks());
        assertTrue(Files.readAllLines(file).contains("summary\t" + Runs.P4_PLAN));
    }

    @Test
    void theTimeIsKeptToTheSecond() {
        RunRecord run = new RunRecord(Instant.parse("2026-11-30T19:02:12.345Z"), false, List.of(), "17", 2,
                List.of(), List.of());
        assertEquals(Instant.parse("2026-11-30T19:02:12Z"), run.run());
        assertEquals("full run", run.mode());
    }

    @Test
    void factsALaterSuiteAddsArePassedOver() throws IOException {
        Path file = dir.resolve("results.tsv");
        Files.writeString(file, "# a comment\nrun\t2026-11-30T19:02:12Z\nmode\tquick\nload-average\t6.2\nsummary\t"
                + Runs.P1_NFSHAPER + "\n");
        RunRecord read = RunRecord.read(file);
        assertEquals(List.of(Runs.P1_NFSHAPER), read.summary());
        assertTrue(read.quick());
    }

    @Test
    void aFileWithoutARunIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("other.tsv"), "summary\t" + Runs.P1_NFSHAPER + "\n");
        IOException e = assertThrows(IOException.class, () -> RunRecord.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aLineIsFoundByItsIdentityOnlyWithFigures() {
        RunRecord run = Runs.run("2026-11-30T19:02:12Z", List.of("P7 t(1000)/t(100): no result (failed)",
                Runs.P7_100), List.of());
        assertTrue(run.line("P7 t(1000)/t(100)").isEmpty());
        assertEquals(Runs.P7_100, run.line("P7 chain-100").orElseThrow().text());
    }
}
