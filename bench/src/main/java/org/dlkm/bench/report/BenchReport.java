package org.dlkm.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML report of a run, written beside the suite's text lines: {@value #PAGE} with the table of every summary line
 * against its goals and the previous run's figures, a PNG for each benchmark whose lines measure a figure at several
 * sizes ({@link ScalingPlot}), and {@value #RESULTS}, the run's lines in a form later runs read back
 * ({@link RunRecord}). Each run is also kept in the {@link RunHistory}, outside the build's output, so that the next
 * run finds it after {@code mvn clean}.
 *
 * <p>Where: the report in the directory {@value #REPORT_PROPERTY} names, by default {@code report/} beside the
 * benchmark distribution ({@code bench/target/report}); the history in the one {@value #HISTORY_PROPERTY} names, by
 * default {@code report-history/} two levels above the report ({@code bench/report-history}).
 *
 * <p>Not thread-safe: used by the suite's thread.
 */
public final class BenchReport {
    /** System property: the directory the report is written to. */
    public static final String REPORT_PROPERTY = "dlkm.bench.report";
    /** System property: the directory earlier runs are kept in. */
    public static final String HISTORY_PROPERTY = "dlkm.bench.history";
    /** The page's file name. */
    public static final String PAGE = "index.html";
    /** The run's results' file name. */
    public static final String RESULTS = "results.tsv";

    private final Path dir;
    private final RunHistory history;
    private final Map<String, String> descriptions;
    private final PrintStream out;

    /**
     * @param dir where the report is written
     * @param history the earlier runs
     * @param descriptions what each benchmark measures, by id
     * @param out where to say what was written, or why not
     */
    public BenchReport(Path dir, RunHistory history, Map<String, String> descriptions, PrintStream out) {
        this.dir = dir;
        this.history = history;
        this.descriptions = Map.copyOf(descriptions);
        this.out = out;
    }

    /**
     * @param distribution the benchmark distribution's directory, {@code bench/target/bench}
     * @return the report in the directories the system properties name, else beside the distribution
     */
    public static BenchReport beside(Path distribution, Map<String, String> descriptions, PrintStream out) {
        Path base = distribution.toAbsolutePath().normalize();
        Path dir = directory(REPORT_PROPERTY, base.resolveSibling("report"));
        Path kept = directory(HISTORY_PROPERTY, dir.resolve("../../report-history").normalize());
        return new BenchReport(dir, new RunHistory(kept), descriptions, out);
    }

    /** @return the directory the report is written to */
    public Path dir() {
        return dir;
    }

    /** @return where earlier runs are kept */
    public RunHistory history() {
        return history;
    }

    /**
     * After a run: writes its results and its report, comparing it with the runs kept, then keeps it.
     *
     * @return whether the report was written; if not, the reason has been printed
     */
    public boolean publish(RunRecord run) {
        try {
            Files.createDirectories(dir);
            run.write(dir.resolve(RESULTS));
            List<RunRecord> earlier = history.before(run.run());
            history.save(run);
            write(run, earlier);
            return true;
        } catch (IOException | RuntimeException e) {
            out.println("Report not written (" + dir.resolve(PAGE) + "): " + e);
            return false;
        }
    }

    /**
     * Writes the report again from a run's saved lines, with no benchmark run: {@code --report-only}.
     *
     * @param results the run's results file; empty for the report's own {@value #RESULTS}, else the newest run kept
     * @return whether the report was written; if not, the reason has been printed
     */
    public boolean rewrite(Optional<Path> results) {
        try {
            Files.createDirectories(dir);
            Path own = dir.resolve(RESULTS);
            RunRecord run;
            if (results.isPresent()) {
                run = RunRecord.read(results.get());
            } else if (Files.exists(own)) {
                run = RunRecord.read(own);
            } else {
                run = history.newest().orElseThrow(() -> new IOException("no results to report: neither " + own
                        + " nor any run kept in " + history.dir() + "; run the benchmarks first"));
            }
            if (results.isPresent() || !Files.exists(own)) {
                run.write(own);
            }
            write(run, history.before(run.run()));
            return true;
        } catch (IOException | RuntimeException e) {
            out.println("Report not written (" + dir.resolve(PAGE) + "): " + e);
            return false;
        }
    }

    private void write(RunRecord run, List<RunRecord> earlier) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ReportTable table = ReportTable.of(run, earlier, descriptions);
        Map<ScalingPlot, String> images = new LinkedHashMap<>();
        for (ScalingPlot plot : ScalingPlot.of(run.summaryLines())) {
            String image = plot.id().toLowerCase(Locale.ROOT) + ".png";
            ScalingCharts.writePng(plot, descriptions.getOrDefault(plot.id(), ""), dir.resolve(image));
            images.put(plot, image);
        }
        removeOtherPlots(images.values());
        Path page = dir.resolve(PAGE);
        String html = HtmlReport.page(table, images, descriptions, RESULTS);
        ReplacedFile.write(page, tmp -> Files.writeString(tmp, html, StandardCharsets.UTF_8));
        String compared = earlier.isEmpty() ? "no earlier run kept in " + history.dir()
                : "compared with " + earlier.size() + (earlier.size() == 1 ? " earlier run" : " earlier runs")
                        + " kept in " + history.dir();
        out.println("Report: " + page + " (goals met " + table.met() + ", missed " + table.missed() + "; "
                + images.size() + (images.size() == 1 ? " scaling plot; " : " scaling plots; ") + compared + ")");
    }

    /**
     * Removes the plots of an earlier report that this one has not drawn (a benchmark not run, or failed this time), so
     * that the directory holds this run's report alone and can be copied whole.
     */
    private void removeOtherPlots(Collection<String> drawn) throws IOException {
        try (DirectoryStream<Path> plots = Files.newDirectoryStream(dir, "*.png")) {
            for (Path plot : plots) {
                if (!drawn.contains(plot.getFileName().toString())) {
                    Files.delete(plot);
                }
            }
        }
    }

    private static Path directory(String property, Path otherwise) {
        String named = System.getProperty(property);
        return named == null || named.isBlank() ? otherwise : Path.of(named).toAbsolutePath().normalize();
    }
}
