package org.dlkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.dlkm.bench.ReportLine;
import org.dlkm.bench.report.SummaryLine.Figure;
import org.dlkm.bench.report.SummaryLine.Form;
import org.junit.jupiter.api.Test;

class SummaryLineTest {

    @Test
    void aComparisonGivesBothSidesAndItsRatioAsTheKey() {
        SummaryLine line = SummaryLine.parse(ReportLine.comparison("P1", "load-unload-nfshaper", 812.3, 760.1,
                "us/op"));
        assertEquals(Form.COMPARISON, line.form());
        assertEquals("P1", line.id());
        assertEquals("load-unload-nfshaper", line.name());
        assertEquals(List.of(new Figure("dlkm", 812.3, "us/op"), new Figure("raw", 760.1, "us/op")), line.figures());
        assertEquals(Optional.of(new Figure("ratio", 1.07, "")), line.key());
        assertEquals("dlkm 812.3 us/op, raw 760.1 us/op, ratio 1.07", line.figuresText());
    }

    @Test
    void aComparisonWithAnotherBaselineNamesIt() {
        SummaryLine line = SummaryLine.parse(ReportLine.comparison("P3", "stub-call", 14.25, "direct", 3.125,
                "ns/op"));
        assertEquals(Form.COMPARISON, line.form());
        assertEquals(new Figure("direct", 3.125, "ns/op"), line.figures().get(1));
    }

    @Test
    void aNameMayHoldSpacesUpToTheFirstColon() {
        SummaryLine line = SummaryLine.parse("P1 load-unload-e100 vs peer: dlkm 812.3 us/op, peer 760.1 us/op,"
                + " ratio 1.07");
        assertEquals("load-unload-e100 vs peer", line.name());
        assertEquals(Form.COMPARISON, line.form());
        assertEquals("peer", line.figures().get(1).label());
    }

    @Test
    void aScalingGivesAFigureAtEachSize() {
        SummaryLine line = SummaryLine.parse(ReportLine.scaling("P4", "plan", 10_000, 1900, 1_000, 200, "us/op"));
        assertEquals(Form.SCALING, line.form());
        assertEquals(List.of(new Figure("n=10000", 1900, "us/op"), new Figure("n=1000", 200, "us/op")),
                line.figures());
        assertEquals(9.5, line.key().orElseThrow().value());
    }

    @Test
    void scalingLinesOfOneNameAtOtherSizesAreOtherLines() {
        SummaryLine large = SummaryLine.parse("P11 boot-catalog: n=10000 1800.0 ms, n=1000 190.0 ms, ratio 9.47");
        SummaryLine small = SummaryLine.parse("P11 boot-catalog: n=1000 190.0 ms, n=100 40.0 ms, ratio 4.75");
        assertEquals(Form.SCALING, small.form());
        assertNotEquals(large.identity(), small.identity());
        assertEquals(large.identity(), SummaryLine.parse("P11 boot-catalog: n=10000 2000.0 ms, n=1000 150.0 ms,"
                + " ratio 13.33").identity());
    }

    @Test
    void aCostBeyondABaselineIsJudgedByTheDifference() {
        SummaryLine line = SummaryLine.parse(ReportLine.beyondBaseline("P6", "shaper cost per frame", 42.5,
                "pass-through", 9.125, "ns"));
        assertEquals(Form.BEYOND_BASELINE, line.form());
        assertEquals(List.of(new Figure("shaper cost per frame", 42.5, "ns"), new Figure("pass-through", 9.125, "ns"),
                new Figure("beyond pass-through", 33.4, "ns")), line.figures());
        assertEquals(Optional.of(new Figure("beyond pass-through", 33.4, "ns")), line.key());
    }

    @Test
    void aCostBelowTheBaselineIsNegative() {
        SummaryLine line = SummaryLine.parse(ReportLine.beyondBaseline("P6", "saturated shaper cost per frame", 19.7,
                "pass-through", 20.0, "ns"));
        assertEquals(-0.3, line.key().orElseThrow().value(), 1e-9);
    }

    @Test
    void unitlessRatiosAreRead() {
        SummaryLine line = SummaryLine.parse(ReportLine.ratios("P7", "t(1000)/t(100)", 10.5, 10.0));
        assertEquals(Form.RATIOS, line.form());
        assertEquals("t(1000)/t(100)", line.name());
        assertEquals(List.of(new Figure("dlkm", 10.5, ""), new Figure("raw", 10.0, "")), line.figures());
        assertEquals(1.05, line.key().orElseThrow().value());
    }

    @Test
    void aRatioOfAZeroBaselineIsStillALine() {
        SummaryLine line = SummaryLine.parse(ReportLine.comparison("P1", "x", 1.0, 0.0, "us/op"));
        assertTrue(Double.isInfinite(line.key().orElseThrow().value()));
    }

    @Test
    void aMissingResultHasNoFigure() {
        SummaryLine line = SummaryLine.parse(ReportLine.missing("P7", "t(1000)/t(100)", "a benchmark failed"));
        assertEquals(Form.MISSING, line.form());
        assertEquals("t(1000)/t(100)", line.name());
        assertFalse(line.hasResult());
        assertEquals(Optional.empty(), line.key());
    }

    @Test
    void theSuitesOwnLinesAreKeptAsText() {
        for (String text : List.of(
                "P8 load-unload-10000: heap growth 621888 bytes, class loaders collected 10000/10000",
                "P9 deploy-latency: 54.1 ms from the jar landing to its module registered, poll 25 ms: 29.1 ms beyond"
                        + " the poll",
                "P3 stub-call parts: Proxy with a cast instead of Method.invoke 4.401 ns/op, a plain stub class 1.175"
                        + " ns/op",
                "P9 reload parts: kminstall -u + config -M + kmupdate -M -i by hand 14.3 ms/op")) {
            SummaryLine line = SummaryLine.parse(text);
            assertEquals(Form.OTHER, line.form(), text);
            assertTrue(line.hasResult());
            assertEquals(text, line.text());
            assertEquals(List.of(), line.figures());
        }
        assertEquals("deploy-latency", SummaryLine.parse("P9 deploy-latency: 54.1 ms, poll 25 ms: 29.1 ms").name());
    }

    @Test
    void aLineWithoutANameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SummaryLine.parse("Goals (issues 4, 12, 13 and 14):"));
    }
}
