package org.dlkm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlkm.bench.report.GoalLine;
import org.dlkm.bench.report.ReportTable;
import org.dlkm.bench.report.RunRecord;
import org.junit.jupiter.api.Test;

/** The report's table takes its goals and verdicts from {@link Goals}' lines, as the suite prints them. */
class Goals_ReportTableTest {

    private static ReportTable table(Goals goals, List<String> summary) {
        RunRecord run = new RunRecord(Instant.parse("2026-11-30T10:00:00Z"), true, List.of("P1", "P4", "P6", "P7"),
                "17", 2, summary, goals.lines());
        return ReportTable.of(run, List.of(), Map.of());
    }

    private static List<Optional<Boolean>> verdicts(ReportTable table, String id) {
        return table.benchmark(id).orElseThrow().goals().stream().map(v -> v.now().met()).toList();
    }

    @Test
    void everyBenchmarkShowsTheVerdictsGoalsGaveIt() {
        Goals goals = new Goals();
        goals.p1("nfshaper", 2.05);
        goals.p1("e100", 1.05);
        goals.p4(870, 10.5);
        goals.p6(20.9, 20.1, null);
        goals.p7(1.40, 15.84, 12.60);
        ReportTable table = table(goals, List.of(
                ReportLine.comparison("P1", "load-unload-nfshaper", 1360.9, 663.8, "us/op"),
                ReportLine.comparison("P1", "load-unload-e100", 700, 666.7, "us/op"),
                ReportLine.scaling("P4", "plan", 10_000, 870, 1_000, 82.86, "us/op"),
                ReportLine.beyondBaseline("P6", "shaper cost per frame", 20.9, "pass-through", 20.1, "ns"),
                ReportLine.ratios("P7", "t(1000)/t(100)", 15.84, 12.60)));
        assertEquals(List.of(Optional.of(false)), verdicts(table, "P1"), "one goal for both modules: missed");
        assertEquals(2, table.benchmark("P1").orElseThrow().rows().size());
        assertEquals(List.of(Optional.of(true)), verdicts(table, "P4"));
        assertEquals(List.of(Optional.of(true)), verdicts(table, "P6"));
        assertEquals(List.of(Optional.of(false)), verdicts(table, "P7"));
        assertEquals(2, table.met());
        assertEquals(2, table.missed());
    }

    @Test
    void eachGoalLineIsReadWithItsGoalAndFigures() {
        Goals goals = new Goals();
        goals.p9Latency(31.2);
        goals.p9Ratio(2.89);
        List<GoalLine> read = goals.lines().stream().map(GoalLine::parse).toList();
        assertEquals(List.of("P9 deploy latency beyond the poll <= 50 ms",
                "P9 reload by replacement / kmupdate -M -i <= 1.10"), read.stream().map(GoalLine::goal).toList());
        assertEquals(List.of("31.2 ms", "2.89"), read.stream().map(GoalLine::figures).toList());
        assertEquals(List.of("P9", "P9"), read.stream().map(GoalLine::id).toList());
    }
}
