package org.dlkm.bench.report;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One goal's verdict as the suite's goals print it ({@code org.dlkm.bench.Goals}), read back:
 * {@code P4 plan of 10,000 modules <= 5 ms, near-linear (<= 12x for 10x): met (4.0 ms, 10.5x)}. The report takes the
 * goals and their verdicts from these lines and from nowhere else, so that a goal is defined in one place.
 *
 * <p>Immutable; safe from any thread.
 *
 * @param text the line as printed, without its indentation
 * @param id the benchmark's id, {@code P4}
 * @param goal the goal, {@code P4 plan of 10,000 modules <= 5 ms, near-linear (<= 12x for 10x)}; the whole text
 *        when the line has no verdict in the usual form
 * @param met whether it was met, or empty when the line has no verdict in the usual form
 * @param figures the figures it was judged on, {@code 4.0 ms, 10.5x}; empty when the line has no verdict
 */
public record GoalLine(String text, String id, String goal, Optional<Boolean> met, String figures) {
    private static final Pattern VERDICT = Pattern.compile("((\\S+) .+?): (met|MISSED) \\((.*)\\)");

    /**
     * @param text a goal line as printed, indented or not
     * @return the line read; one not in the form {@code <goal>: met|MISSED (<figures>)} is kept whole, with no
     *         verdict
     */
    public static GoalLine parse(String text) {
        String line = text.strip();
        Matcher m = VERDICT.matcher(line);
        if (m.matches()) {
            return new GoalLine(line, m.group(2), m.group(1), Optional.of(m.group(3).equals("met")), m.group(4));
        }
        int space = line.indexOf(' ');
        return new GoalLine(line, space < 0 ? line : line.substring(0, space), line, Optional.empty(), "");
    }

    /** @return {@code met}, {@code MISSED} or {@code no verdict}, as the suite words it */
    public String verdict() {
        return met.map(m -> m ? "met" : "MISSED").orElse("no verdict");
    }
}
