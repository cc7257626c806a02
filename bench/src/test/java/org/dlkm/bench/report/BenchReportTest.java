package org.dlkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    private static final RunRecord EARLIER = Runs.run("2026-11-29T10:00:00Z",
            List.of("P4 plan: n=10000 16528.6 us/op, n=1000 645.1 us/op, ratio 25.62", Runs.P7_SCALING),
            List.of("P4 plan of 10,000 modules <= 5 ms, near-linear (<= 12x for 10x): MISSED (16.5 ms, 25.6x)"));
    private static final RunRecord NOW = Runs.run("2026-11-30T10:00:00Z",
            List.of(Runs.P4_PLAN, "P4 planner: n=10000 460.8 us/op, n=1000 22.4 us/op, ratio 20.57", Runs.P7_100,
                    Runs.P7_1000, Runs.P7_SCALING,
                    "P9 deploy-latency: 54.1 ms from the jar landing to its module registered, poll 25 ms: 29.1 ms"
                            + " beyond the poll",
                    "P1 load-unload-e100: no result (a benchmark failed; see the JMH log in results/)"),
            List.of("  " + Runs.P4_GOAL, "  " + Runs.P7_GOAL, "  P9 deploy latency beyond the poll <= 50 ms: met"
                    + " (29.1 ms)"));

    @TempDir
    Path dir;
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private BenchReport report() {
        return new BenchReport(dir.resolve("report"), new RunHistory(dir.resolve("history")),
                Map.of("P4", "planning a demand load", "P7", "demand load of a chain"),
                new PrintStream(said, true, StandardCharsets.UTF_8));
    }

    private String page() throws IOException {
        return Files.readString(dir.resolve("report/index.html"));
    }

    @Test
    void aRunsReportHasItsResultsAPlotPerScalingBenchmarkAndThePage() throws IOException {
        new RunHistory(dir.resolve("history")).save(EARLIER);
        assertTrue(report().publish(NOW), said.toString());
        assertEquals(NOW, RunRecord.read(dir.resolve("report/results.tsv")));
        ScalingChartsTest.png(dir.resolve("report/p4.png"));
        ScalingChartsTest.png(dir.resolve("report/p7.png"));
        assertFalse(Files.exists(dir.resolve("report/p9.png")));
        assertTrue(said.toString().contains("goals met 1, missed 2; 2 scaling plots; compared with 1 earlier run"),
                said.toString());
        assertTrue(page().contains("<img src=\"p4.png\""));
        assertTrue(page().contains("<img src=\"p7.png\""));
    }

    @Test
    void theDirectoryHoldsOnlyThisRunsPlots() throws IOException {
        assertTrue(report().publish(NOW), said.toString());
        RunRecord withoutP4 = Runs.run("2026-11-30T11:00:00Z", List.of(Runs.P7_100, Runs.P7_1000), List.of());
        assertTrue(report().publish(withoutP4), said.toString());
        assertFalse(Files.exists(dir.resolve("report/p4.png")), "P4 did not run");
        ScalingChartsTest.png(dir.resolve("report/p7.png"));
    }

    @Test
    void thePageNamesEveryLineAndEveryGoal() throws IOException {
        assertTrue(report().publish(NOW), said.toString());
        String page = page();
        for (String line : NOW.summary()) {
            SummaryLine read = SummaryLine.parse(line);
            assertTrue(page.contains("<td>" + HtmlReport.esc(read.name()) + "</td>"), read.name());
            assertTrue(page.contains(HtmlReport.esc(read.figuresText())), read.figuresText());
            assertTrue(page.contains(HtmlReport.esc(line)), line);
        }
        for (String goal : NOW.goals()) {
            assertTrue(page.contains(HtmlReport.esc(GoalLine.parse(goal).goal())), goal);
        }
        assertTrue(page.contains("<span class=\"met\">met</span> (29.1 ms)"));
    }

    @Test
    void thePageShowsThePreviousFigureBesideTheNewOne() throws IOException {
        new RunHistory(dir.resolve("history")).save(EARLIER);
        assertTrue(report().publish(NOW), said.toString());
        String page = page();
        assertTrue(page.contains("ratio 25.62 &rarr; 18.83"), page);
        assertTrue(page.contains("-6.79"), page);
        assertTrue(page.contains("ratio &mdash; &rarr; 20.57"), "no earlier planner line");
        assertTrue(page.contains("previously <span class=\"missed\">MISSED</span> (16.5 ms, 25.6x), quick run of"
                + " 2026-11-29T10:00:00Z"), page);
    }

    @Test
    void aPublishedRunIsKeptForTheNextOne() throws IOException {
        assertTrue(report().publish(EARLIER), said.toString());
        assertTrue(report().publish(NOW), said.toString());
        assertEquals(List.of(NOW, EARLIER), new RunHistory(dir.resolve("history")).before(Instant.MAX));
        assertTrue(page().contains("ratio 25.62 &rarr; 18.83"));
    }

    @Test
    void theReportIsWrittenAgainFromSavedLinesWithNoRun() throws IOException {
        Path saved = dir.resolve("saved.tsv");
        NOW.write(saved);
        new RunHistory(dir.resolve("history")).save(EARLIER);
        assertTrue(report().rewrite(Optional.of(saved)), said.toString());
        assertEquals(NOW, RunRecord.read(dir.resolve("report/results.tsv")));
        assertTrue(page().contains("ratio 25.62 &rarr; 18.83"));
        assertEquals(List.of(EARLIER), new RunHistory(dir.resolve("history")).before(Instant.MAX),
                "writing a report again adds no run");

        Files.delete(dir.resolve("report/index.html"));
        assertTrue(report().rewrite(Optional.empty()), said.toString());
        assertTrue(page().contains("ratio 25.62 &rarr; 18.83"), "from the report's own results");
    }

    @Test
    void withoutResultsTheNewestRunKeptIsReported() throws IOException {
        new RunHistory(dir.resolve("history")).save(EARLIER);
        assertTrue(report().rewrite(Optional.empty()), said.toString());
        assertEquals(EARLIER, RunRecord.read(dir.resolve("report/results.tsv")));
    }

    @Test
    void withNothingToReportItSaysWhatToDo() {
        assertFalse(report().rewrite(Optional.empty()));
        assertTrue(said.toString().contains("run the benchmarks first"), said.toString());
    }

    @Test
    void byDefaultTheReportIsBesideTheDistributionAndTheHistoryOutsideTheBuildOutput() {
        Path distribution = dir.resolve("bench/target/bench");
        BenchReport report = BenchReport.beside(distribution, Map.of(), System.out);
        assertEquals(dir.resolve("bench/target/report"), report.dir());
        assertEquals(dir.resolve("bench/report-history"), report.history().dir());
    }
}
