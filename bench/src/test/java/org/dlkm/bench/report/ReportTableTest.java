package org.dlkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReportTableTest {
    private static final RunRecord OLDEST = Runs.run("2026-11-28T10:00:00Z",
            List.of("P1 load-unload-nfshaper: dlkm 1621.3 us/op, raw 797.2 us/op, ratio 2.03", Runs.P7_SCALING),
            List.of("P1 ratio <= 1.10: MISSED (nfshaper 2.03)", Runs.P7_GOAL));
    private static final RunRecord OLDER = Runs.run("2026-11-29T10:00:00Z",
            List.of("P4 plan: n=10000 16528.6 us/op, n=1000 645.1 us/op, ratio 25.62",
                    "P7 t(1000)/t(100): no result (a benchmark failed)"),
            List.of("P4 plan of 10,000 modules <= 5 ms, near-linear (<= 12x for 10x): MISSED (16.5 ms, 25.6x)"));
    private static final RunRecord NOW = Runs.run("2026-11-30T10:00:00Z",
            List.of(Runs.P1_NFSHAPER, Runs.P4_PLAN, "P4 planner: n=10000 460.8 us/op, n=1000 22.4 us/op, ratio 20.57",
                    Runs.P7_SCALING),
            List.of("P1 ratio <= 1.10: MISSED (nfshaper 2.08)", "P4 plan of 10,000 modules <= 5 ms, near-linear (<= 12x"
                    + " for 10x): met (1.0 ms, 11.8x)", Runs.P7_GOAL));

    private static ReportTable table() {
        return ReportTable.of(NOW, List.of(OLDER, OLDEST), Map.of("P4", "planning"));
    }

    @Test
    void eachLineIsComparedWithTheNewestEarlierRunThatHasIt() {
        ReportTable.Row p1 = table().benchmark("P1").orElseThrow().rows().get(0);
        assertEquals(OLDEST.run(), p1.previousRun().orElseThrow().run());
        assertEquals(2.03, p1.previous().orElseThrow().key().orElseThrow().value());
        assertEquals(0.05, p1.change().orElseThrow(), 1e-9);

        ReportTable.Row plan = table().benchmark("P4").orElseThrow().rows().get(0);
        assertEquals(OLDER.run(), plan.previousRun().orElseThrow().run());
        assertEquals(18.83 - 25.62, plan.change().orElseThrow(), 1e-9);
    }

    @Test
    void anEarlierRunWithoutAFigureForTheLineIsPassedOver() {
        ReportTable.Row scaling = table().benchmark("P7").orElseThrow().rows().get(0);
        assertEquals(OLDEST.run(), scaling.previousRun().orElseThrow().run());
        assertEquals(0.0, scaling.change().orElseThrow(), 1e-9);
    }

    @Test
    void aLineNoEarlierRunHasHasNoPrevious() {
        ReportTable.Row planner = table().benchmark("P4").orElseThrow().rows().get(1);
        assertEquals("planner", planner.now().name());
        assertTrue(planner.previous().isEmpty());
        assertTrue(planner.change().isEmpty());
    }

    @Test
    void eachBenchmarkCarriesItsGoalsWithTheirVerdictsNowAndBefore() {
        ReportTable.Benchmark p4 = table().benchmark("P4").orElseThrow();
        assertEquals("planning", p4.description());
        assertEquals(1, p4.goals().size());
        ReportTable.Verdict verdict = p4.goals().get(0);
        assertEquals(Optional.of(true), verdict.now().met());
        assertEquals(Optional.of(false), verdict.previous().orElseThrow().met());
        assertEquals(OLDER.run(), verdict.previousRun().orElseThrow().run());
        assertEquals(2, table().missed());
        assertEquals(1, table().met());
    }

    @Test
    void theBenchmarksKeepTheOrderOfTheirFirstLines() {
        assertEquals(List.of("P1", "P4", "P7"), table().benchmarks().stream().map(ReportTable.Benchmark::id).toList());
        assertEquals("", table().benchmark("P1").orElseThrow().description());
    }

    @Test
    void aGoalWithoutASummaryLineStillHasItsBenchmark() {
        RunRecord run = Runs.run("2026-11-30T10:00:00Z", List.of(), List.of("P8 heap growth < 1 MB, every class"
                + " loader collected: met (621888 bytes, 10000/10000 collected)"));
        ReportTable.Benchmark p8 = ReportTable.of(run, List.of(), Map.of()).benchmark("P8").orElseThrow();
        assertEquals(List.of(), p8.rows());
        assertEquals(1, p8.goals().size());
    }
}
