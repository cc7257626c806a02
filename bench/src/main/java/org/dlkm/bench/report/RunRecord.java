package org.dlkm.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one run of the suite printed, as a file a script or a later run can read: when it ran, how (quick or full),
 * which benchmarks, on what, and every summary and goal line as printed. One line a fact, a key and a tab before it:
 *
 * <pre>
 * run	2026-11-30T19:02:12Z
 * mode	quick
 * benchmarks	P4 P7
 * java	17.0.15
 * cores	2
 * summary	P4 plan: n=10000 1039.7 us/op, n=1000 55.2 us/op, ratio 18.83
 * goal	P4 plan of 10,000 modules &lt;= 5 ms, near-linear (&lt;= 12x for 10x): MISSED (1.0 ms, 18.8x)
 * </pre>
 *
 * Lines starting with {@code #} and keys it does not know are passed over when read, so that an older suite reads a
 * newer suite's file.
 *
 * <p>Immutable; safe from any thread.
 *
 * @param run when the run ended, to the second
 * @param quick whether it was a quick run ({@code --quick}), whose figures are indicative only
 * @param benchmarks the ids of the benchmarks it ran, {@code P4 P7}
 * @param java the Java version it ran on
 * @param cores the processors the JVM saw
 * @param summary the summary lines, in the order printed
 * @param goals the goal lines, in the order printed, without their indentation
 */
public record RunRecord(Instant run, boolean quick, List<String> benchmarks, String java, int cores,
        List<String> summary, List<String> goals) {

    private static final String HEADER = "# dlkm benchmark results: one fact a line, its key and a tab before it";

    public RunRecord {
        run = run.truncatedTo(ChronoUnit.SECONDS);
        benchmarks = List.copyOf(benchmarks);
        summary = List.copyOf(summary);
        goals = goals.stream().map(String::strip).toList();
    }

    /**
     * @return the record of a run that has just ended on this JVM
     */
    public static RunRecord now(boolean quick, List<String> benchmarks, List<String> summary, List<String> goals) {
        return new RunRecord(Instant.now(), quick, benchmarks, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), summary, goals);
    }

    /** @return {@code quick run} or {@code full run} */
    public String mode() {
        return quick ? "quick run" : "full run";
    }

    /** @return the summary lines read */
    public List<SummaryLine> summaryLines() {
        return summary.stream().map(SummaryLine::parse).toList();
    }

    /** @return the goal lines read */
    public List<GoalLine> goalLines() {
        return goals.stream().map(GoalLine::parse).toList();
    }

    /**
     * @param identity a line's {@link SummaryLine#identity() identity}
     * @return this run's line of that identity with figures, if it has one
     */
    public Optional<SummaryLine> line(String identity) {
        return summaryLines().stream().filter(l -> l.identity().equals(identity) && l.hasResult()).findFirst();
    }

    /**
     * Writes the record whole or not at all ({@link ReplacedFile}).
     *
     * @param file where
     */
    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add("run\t" + run);
        lines.add("mode\t" + (quick ? "quick" : "full"));
        lines.add("benchmarks\t" + String.join(" ", benchmarks));
        lines.add("java\t" + java);
        lines.add("cores\t" + cores);
        summary.forEach(s -> lines.add("summary\t" + s));
        goals.forEach(g -> lines.add("goal\t" + g));
        ReplacedFile.write(file, tmp -> Files.write(tmp, lines, StandardCharsets.UTF_8));
    }

    /**
     * @param file a file {@link #write} wrote
     * @return the record it holds
     * @throws IOException if it cannot be read, or holds no {@code run} line or a malformed one
     */
    public static RunRecord read(Path file) throws IOException {
        Instant run = null;
        boolean quick = false;
        List<String> benchmarks = List.of();
        String java = "";
        int cores = 0;
        List<String> summary = new ArrayList<>();
        List<String> goals = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (line.startsWith("#") || tab < 0) {
                continue;
            }
            String value = line.substring(tab + 1);
            try {
                switch (line.substring(0, tab)) {
                    case "run" -> run = Instant.parse(value);
                    case "mode" -> quick = value.equals("quick");
                    case "benchmarks" -> benchmarks = value.isBlank() ? List.of() : List.of(value.split(" "));
                    case "java" -> java = value;
                    case "cores" -> cores = Integer.parseInt(value);
                    case "summary" -> summary.add(value);
                    case "goal" -> goals.add(value);
                    default -> {
                        // a fact a later suite records: not needed here
                    }
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IOException(file + ": malformed line '" + line + "': " + e.getMessage(), e);
            }
        }
        if (run == null) {
            throw new IOException(file + " is no benchmark results file: it has no 'run' line");
        }
        return new RunRecord(run, quick, benchmarks, java, cores, summary, goals);
    }
}
