package org.dlkm.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's table: for each benchmark of a run, its summary lines with the same line of the newest earlier run
 * that has it (previous and now), and its goals with their verdicts, now and in the newest earlier run that judged
 * the same goal. Verdicts come from the run's goal lines alone; the table holds no goal of its own.
 *
 * <p>Immutable; safe from any thread.
 */
public final class ReportTable {

    /**
     * A summary line of this run beside the same line of an earlier run.
     *
     * @param now this run's line
     * @param previous the same line (same {@link SummaryLine#identity() identity}, with figures) in the newest
     *        earlier run that has it
     * @param previousRun that run
     */
    public record Row(SummaryLine now, Optional<SummaryLine> previous, Optional<RunRecord> previousRun) {
        /** @return the key figure now less the key figure before, when both lines have one in the same unit */
        public Optional<Double> change() {
            if (now.key().isEmpty() || previous.isEmpty() || previous.get().key().isEmpty()) {
                return Optional.empty();
            }
            SummaryLine.Figure a = previous.get().key().get();
            SummaryLine.Figure b = now.key().get();
            return a.unit().equals(b.unit()) ? Optional.of(b.value() - a.value()) : Optional.empty();
        }
    }

    /**
     * A goal's verdict in this run beside its verdict in an earlier run.
     *
     * @param now this run's goal line
     * @param previous the same goal's line in the newest earlier run that judged it
     * @param previousRun that run
     */
    public record Verdict(GoalLine now, Optional<GoalLine> previous, Optional<RunRecord> previousRun) {
    }

    /**
     * One benchmark's part of the table.
     *
     * @param id its id, {@code P4}
     * @param description what it measures, or empty if the suite did not say
     * @param rows its summary lines, in the order printed
     * @param goals its goals, in the order printed; empty for a benchmark without a goal
     */
    public record Benchmark(String id, String description, List<Row> rows, List<Verdict> goals) {
    }

    private final RunRecord run;
    private final List<Benchmark> benchmarks;

    private ReportTable(RunRecord run, List<Benchmark> benchmarks) {
        this.run = run;
        this.benchmarks = List.copyOf(benchmarks);
    }

    /**
     * @param run the run to report
     * @param earlier the runs before it, newest first
     * @param descriptions what each benchmark measures, by id; ids it lacks get none
     * @return the table of that run
     */
    public static ReportTable of(RunRecord run, List<RunRecord> earlier, Map<String, String> descriptions) {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        Map<String, List<Verdict>> goals = new LinkedHashMap<>();
        for (SummaryLine line : run.summaryLines()) {
            rows.computeIfAbsent(line.id(), id -> new ArrayList<>()).add(row(line, earlier));
            goals.computeIfAbsent(line.id(), id -> new ArrayList<>());
        }
        for (GoalLine goal : run.goalLines()) {
            rows.computeIfAbsent(goal.id(), id -> new ArrayList<>());
            goals.computeIfAbsent(goal.id(), id -> new ArrayList<>()).add(verdict(goal, earlier));
        }
        List<Benchmark> benchmarks = new ArrayList<>();
        rows.forEach((id, r) -> benchmarks.add(new Benchmark(id, descriptions.getOrDefault(id, ""), r,
                goals.get(id))));
        return new ReportTable(run, benchmarks);
    }

    /** @return the run reported */
    public RunRecord run() {
        return run;
    }

    /** @return the benchmarks, in the order their first line was printed */
    public List<Benchmark> benchmarks() {
        return benchmarks;
    }

    /**
     * @param id a benchmark's id
     * @return that benchmark's part, if the run has it
     */
    public Optional<Benchmark> benchmark(String id) {
        return benchmarks.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** @return how many goals this run met */
    public long met() {
        return count(true);
    }

    /** @return how many goals this run missed */
    public long missed() {
        return count(false);
    }

    private long count(boolean met) {
        return benchmarks.stream().flatMap(b -> b.goals().stream())
                .filter(v -> v.now().met().equals(Optional.of(met))).count();
    }

    private static Row row(SummaryLine line, List<RunRecord> earlier) {
        for (RunRecord before : earlier) {
            Optional<SummaryLine> same = before.line(line.identity());
            if (same.isPresent()) {
                return new Row(line, same, Optional.of(before));
            }
        }
        return new Row(line, Optional.empty(), Optional.empty());
    }

    private static Verdict verdict(GoalLine goal, List<RunRecord> earlier) {
        for (RunRecord before : earlier) {
            for (GoalLine old : before.goalLines()) {
                if (old.goal().equals(goal.goal()) && old.met().isPresent()) {
                    return new Verdict(goal, Optional.of(old), Optional.of(before));
                }
            }
        }
        return new Verdict(goal, Optional.empty(), Optional.empty());
    }
}
