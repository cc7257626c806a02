package org.dlkm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class GoalsTest {

    @Test
    void aGoalIsMetOnlyByEveryFigureItCovers() {
        Goals goals = new Goals();
        goals.p1("nfshaper", 1.05);
        goals.p1("e100", 1.20);
        assertEquals(List.of("  P1 ratio to the peer bundle <= 1.10: MISSED (nfshaper 1.05, e100 1.20)"), goals.lines());
    }

    @Test
    void theBootIsJudgedAgainstThePeerBootAtOneAndAQuarter() {
        Goals goals = new Goals();
        goals.p5(1.26);
        assertEquals(List.of("  P5 ratio to the peer boot <= 1.25: MISSED (1.26)"), goals.lines());
    }

    @Test
    void theCatalogMustScaleNearLinearlyAtBothStepsAndBootTenThousandModulesWithinTwoSeconds() {
        Goals goals = new Goals();
        goals.p11(4.2, 11.3, 9.0, 10.1, 1_950.0);
        assertEquals(List.of("  P11 boot with registered modules near-linear (<= 11x for 10x): MISSED (1,000/100 4.2x,"
                + " 10,000/1,000 11.3x)",
                "  P11 kmadmin -S near-linear (<= 11x for 10x): met (1,000/100 9.0x, 10,000/1,000 10.1x)",
                "  P11 boot with 10,000 registered modules <= 2 s: met (1.95 s)"), goals.lines());
    }

    @Test
    void aCatalogFigureThatDidNotRunIsLeftOut() {
        Goals goals = new Goals();
        goals.p11(4.2, null, null, null, null);
        assertEquals(List.of("  P11 boot with registered modules near-linear (<= 11x for 10x): met (1,000/100 4.2x)"),
                goals.lines());
    }

    @Test
    void planningMustBeBothFastAndNearLinear() {
        Goals fastButSteep = new Goals();
        fastButSteep.p4(4_000, 15);
        assertEquals(List.of("  P4 plan of 10,000 modules <= 5 ms, near-linear (<= 11x for 10x): MISSED (4.0 ms,"
                + " 15.0x)"), fastButSteep.lines());
        Goals both = new Goals();
        both.p4(4_000, 10.5);
        assertEquals(List.of("  P4 plan of 10,000 modules <= 5 ms, near-linear (<= 11x for 10x): met (4.0 ms,"
                + " 10.5x)"), both.lines());
    }

    @Test
    void aClassLoaderNotCollectedMissesTheMemoryGoalWhateverTheHeap() {
        Goals goals = new Goals();
        goals.p8(1_000, 9_999, 10_000);
        assertEquals(List.of("  P8 heap growth < 1 MB, every class loader collected: MISSED (1000 bytes,"
                + " 9999/10000 collected)"), goals.lines());
    }

    @Test
    void anAttachedCommandMustBeBothNearJavaVersionAndUnderTwoHundredMilliseconds() {
        Goals near = new Goals();
        near.p10(90, 70);
        assertEquals(List.of("  P10 attached command / java -version <= 1.5, under 200 ms: met (1.29: 90.0 ms,"
                + " java -version 70.0 ms)"), near.lines());
        Goals slowMachine = new Goals();
        slowMachine.p10(210, 150);
        assertEquals("  P10 attached command / java -version <= 1.5, under 200 ms: MISSED (1.40: 210.0 ms,"
                + " java -version 150.0 ms)", slowMachine.lines().get(0));
    }

    @Test
    void onlyGoalsWithFiguresAreReported() {
        Goals goals = new Goals();
        goals.p5(1.2);
        goals.p7(1.04, 10.2, 9.8);
        assertEquals(List.of("  P5 ratio to the peer boot <= 1.25: met (1.20)",
                "  P7 chain of 1,000: dlkm / raw Felix <= 1.05: met (1.04; t(1000)/t(100) dlkm 10.20, raw Felix"
                        + " 9.80)"), goals.lines());
    }

    @Test
    void theAutoloadGoalsAreReportedBetweenP1AndP4() {
        Goals goals = new Goals();
        goals.p4(4_000, 10.5);
        goals.p3(1.10);
        goals.p2(1.21);
        goals.p1("nfshaper", 1.05);
        assertEquals(List.of("  P1 ratio to the peer bundle <= 1.10: met (nfshaper 1.05)",
                "  P2 ratio <= 1.20: MISSED (1.21)",
                "  P3 ratio <= 1.10: met (1.10)",
                "  P4 plan of 10,000 modules <= 5 ms, near-linear (<= 11x for 10x): met (4.0 ms, 10.5x)"),
                goals.lines());
    }

    @Test
    void theHotDeploymentGoalsAreJudgedEachOnItsOwnFigure() {
        Goals goals = new Goals();
        goals.p9Latency(31.2);
        goals.p9Ratio(2.89);
        assertEquals(List.of("  P9 deploy latency beyond the poll <= 50 ms: met (31.2 ms)",
                "  P9 reload by replacement / kmupdate -M -i <= 1.10: MISSED (2.89)"), goals.lines());
    }

    @Test
    void theShaperIsJudgedOnWhatItAddsToAPassThroughFilterNotOnItsOwnTime() {
        Goals beyondTheGoal = new Goals();
        beyondTheGoal.p6(45.0, 14.0, null);
        assertEquals(List.of("  P6 shaper cost per frame beyond a pass-through filter <= 30 ns: MISSED (31.0 ns:"
                + " shaper 45.0 ns, pass-through 14.0 ns)"), beyondTheGoal.lines());
        Goals slowBaseline = new Goals();
        slowBaseline.p6(45.0, 16.0, 80.0);
        assertEquals(List.of("  P6 shaper cost per frame beyond a pass-through filter <= 30 ns: met (29.0 ns:"
                + " shaper 45.0 ns, pass-through 16.0 ns; saturated 64.0 ns beyond, not judged)"),
                slowBaseline.lines());
    }
}
