package org.dlkm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportLineTest {

    @Test
    void aComparisonGivesBothFiguresAndTheirRatio() {
        assertEquals("P1 load-unload-nfshaper: dlkm 812.3 us/op, raw 760.1 us/op, ratio 1.07",
                ReportLine.comparison("P1", "load-unload-nfshaper", 812.3, 760.1, "us/op"));
    }

    @Test
    void aComparisonWithThePeerOrTheFloorNamesItInTheNameAndAsTheBaseline() {
        assertEquals("P1 load-unload-e100 vs peer: dlkm 812.3 us/op, peer 760.1 us/op, ratio 1.07",
                ReportLine.comparison("P1", "load-unload-e100 vs peer", 812.3, "peer", 760.1, "us/op"));
        assertEquals("P1 load-unload-e100 vs floor: dlkm 812.3 us/op, floor 760.1 us/op, ratio 1.07",
                ReportLine.comparison("P1", "load-unload-e100 vs floor", 812.3, "floor", 760.1, "us/op"));
    }

    @Test
    void aScalingGivesTheLargerSizeFirst() {
        assertEquals("P4 plan: n=10000 1900.0 us/op, n=1000 200.0 us/op, ratio 9.50",
                ReportLine.scaling("P4", "plan", 10_000, 1900, 1_000, 200, "us/op"));
    }

    @Test
    void theCatalogsScalingLinesGiveEachSizeAgainstTheOneTenTimesSmaller() {
        assertEquals("P11 boot-catalog: n=10000 1520.4 ms/op, n=1000 180.2 ms/op, ratio 8.44",
                ReportLine.scaling("P11", "boot-catalog", 10_000, 1520.4, 1_000, 180.2, "ms/op"));
        assertEquals("P11 kmadmin-S: n=1000 12.5 ms/op, n=100 1.250 ms/op, ratio 10.00",
                ReportLine.scaling("P11", "kmadmin-S", 1_000, 12.5, 100, 1.25, "ms/op"));
    }

    @Test
    void smallFiguresKeepThreeDecimals() {
        assertEquals("0.213", ReportLine.figure(0.2125));
        assertEquals("12.5", ReportLine.figure(12.54));
    }

    @Test
    void ratiosCompareUnitlessFigures() {
        assertEquals("P7 t(1000)/t(100): dlkm 10.50, raw 10.00, ratio 1.05",
                ReportLine.ratios("P7", "t(1000)/t(100)", 10.5, 10.0));
    }

    @Test
    void aComparisonWithAnotherBaselineNamesIt() {
        assertEquals("P3 stub-call: dlkm 14.3 ns/op, direct 3.125 ns/op, ratio 4.56",
                ReportLine.comparison("P3", "stub-call", 14.25, "direct", 3.125, "ns/op"));
    }

    @Test
    void aCostBeyondABaselineGivesBothFiguresAndTheirDifference() {
        assertEquals("P6 shaper cost per frame: 42.5 ns (pass-through 9.125 ns), cost beyond pass-through 33.4 ns",
                ReportLine.beyondBaseline("P6", "shaper cost per frame", 42.5, "pass-through", 9.125, "ns"));
    }
}
