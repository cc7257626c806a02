package org.dlkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class ScalingPlotTest {

    private static List<ScalingPlot> plots(String... lines) {
        return ScalingPlot.of(List.of(lines).stream().map(SummaryLine::parse).toList());
    }

    private static ScalingPlot.Series series(String name, String unit, Map<Integer, Double> points) {
        return new ScalingPlot.Series(name, unit, new TreeMap<>(points));
    }

    @Test
    void aScalingLineGivesItsNameASeries() {
        assertEquals(List.of(new ScalingPlot("P4", List.of(
                series("plan", "us/op", Map.of(1_000, 55.2, 10_000, 1039.7)),
                series("planner", "us/op", Map.of(1_000, 22.4, 10_000, 460.8))))),
                plots(Runs.P4_PLAN, "P4 planner: n=10000 460.8 us/op, n=1000 22.4 us/op, ratio 20.57"));
    }

    @Test
    void comparisonsAtSizesGiveDlkmAndItsBaselineASeriesEach() {
        List<ScalingPlot> plots = plots(Runs.P1_NFSHAPER, Runs.P7_100, Runs.P7_1000, Runs.P7_SCALING);
        assertEquals(List.of(new ScalingPlot("P7", List.of(
                series("chain dlkm", "ms/op", Map.of(100, 233.6, 1_000, 3699.4)),
                series("chain raw", "ms/op", Map.of(100, 209.2, 1_000, 2637.4))))), plots);
    }

    @Test
    void linesOfOneNameAtOtherSizesJoinInOneSeries() {
        List<ScalingPlot> plots = plots("P11 boot-catalog: n=10000 1800.0 ms, n=1000 190.0 ms, ratio 9.47",
                "P11 boot-catalog: n=1000 190.0 ms, n=100 40.0 ms, ratio 4.75",
                "P11 kmadmin -S: n=10000 300.0 ms, n=100 3.0 ms, ratio 100.00");
        assertEquals(List.of(new ScalingPlot("P11", List.of(
                series("boot-catalog", "ms", Map.of(100, 40.0, 1_000, 190.0, 10_000, 1800.0)),
                series("kmadmin -S", "ms", Map.of(100, 3.0, 10_000, 300.0))))), plots);
        assertEquals(List.of("ms"), plots.get(0).units());
    }

    @Test
    void aBenchmarkWithoutSizesOrWithOneSizeHasNoPlot() {
        assertEquals(List.of(), plots(Runs.P1_NFSHAPER, Runs.P7_100, Runs.P7_SCALING,
                "P7 chain-1000: no result (failed)"));
    }

    @Test
    void aFigureALogarithmicAxisCannotShowIsLeftOut() {
        assertEquals(List.of(), plots("P4 plan: n=10000 0.0 us/op, n=1000 55.2 us/op, ratio 0.00"));
    }
}
