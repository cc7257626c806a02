package org.dlkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class GoalLineTest {

    @Test
    void aMetGoalIsReadWithItsFigures() {
        GoalLine line = GoalLine.parse("  P4 plan of 10,000 modules <= 5 ms, near-linear (<= 12x for 10x): met (4.0 ms,"
                + " 10.5x)");
        assertEquals("P4", line.id());
        assertEquals("P4 plan of 10,000 modules <= 5 ms, near-linear (<= 12x for 10x)", line.goal());
        assertEquals(Optional.of(true), line.met());
        assertEquals("4.0 ms, 10.5x", line.figures());
        assertEquals("met", line.verdict());
    }

    @Test
    void aMissedGoalWhoseFiguresHoldAColonIsRead() {
        GoalLine line = GoalLine.parse("  P6 shaper cost per frame beyond a pass-through filter <= 30 ns: MISSED (31.0"
                + " ns: shaper 45.0 ns, pass-through 14.0 ns)");
        assertEquals("P6 shaper cost per frame beyond a pass-through filter <= 30 ns", line.goal());
        assertEquals(Optional.of(false), line.met());
        assertEquals("31.0 ns: shaper 45.0 ns, pass-through 14.0 ns", line.figures());
        assertEquals("MISSED", line.verdict());
    }

    @Test
    void aLineInAnotherFormIsKeptWithNoVerdict() {
        GoalLine line = GoalLine.parse("  P10 attached command: not measured on this machine");
        assertEquals("P10", line.id());
        assertEquals("P10 attached command: not measured on this machine", line.goal());
        assertEquals(Optional.empty(), line.met());
        assertEquals("no verdict", line.verdict());
    }
}
