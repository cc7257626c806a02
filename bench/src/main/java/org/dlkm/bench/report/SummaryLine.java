package org.dlkm.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One summary line of a run, read back from its text: every form {@link org.dlkm.bench.ReportLine} writes
 * (comparison, scaling, cost beyond a baseline, unitless ratios, no result), and the suite's own lines in free form,
 * kept whole with no figure read. A line is known between runs by its id and name ({@link #identity()}): {@code P1}
 * and {@code load-unload-nfshaper} in {@code P1 load-unload-nfshaper: dlkm 812.3 us/op, raw 760.1 us/op, ratio 1.07}.
 *
 * <p>Immutable; safe from any thread.
 *
 * @param text the line as printed
 * @param id the benchmark's id, {@code P1}
 * @param name what the line measures, everything between the id and the first {@code ": "}
 * @param form which form the line has
 * @param figures the figures read, in the order printed: labelled {@code dlkm}, {@code raw} (or the baseline's name),
 *        {@code n=1000}, {@code beyond pass-through}...; empty for {@link Form#MISSING} and {@link Form#OTHER}
 * @param key the figure the line is judged by, if its form has one: the ratio, or the cost beyond the baseline
 */
public record SummaryLine(String text, String id, String name, Form form, List<Figure> figures,
        Optional<Figure> key) {

    /** The forms of a summary line. */
    public enum Form {
        /** {@code <id> <name>: dlkm <x> <unit>, <baseline> <y> <unit>, ratio <r>} */
        COMPARISON,
        /** {@code <id> <name>: n=<N> <x> <unit>, n=<M> <y> <unit>, ..., ratio <r>} */
        SCALING,
        /** {@code <id> <name>: <x> <unit> (<baseline> <y> <unit>), cost beyond <baseline> <d> <unit>} */
        BEYOND_BASELINE,
        /** {@code <id> <name>: dlkm <x>, raw <y>, ratio <r>} */
        RATIOS,
        /** {@code <id> <name>: no result (<why>)} */
        MISSING,
        /** any other {@code <id> <name>: <text>}, read as text */
        OTHER
    }

    /**
     * A figure of a line.
     *
     * @param label what it is: {@code dlkm}, {@code raw}, {@code n=10000}, {@code ratio}...
     * @param value its value
     * @param unit its unit, {@code us/op}; empty for a ratio
     */
    public record Figure(String label, double value, String unit) {
    }

    private static final String NUMBER = "(-?(?:\\d+(?:\\.\\d+)?|NaN|Infinity))";
    private static final Pattern HEAD = Pattern.compile("(\\S+) (.+?): (.*)");
    private static final Pattern SIDE = Pattern.compile("(\\S+) " + NUMBER + " (\\S+)");
    private static final Pattern SIZE = Pattern.compile("(n=\\d+) " + NUMBER + " (\\S+)");
    private static final Pattern UNITLESS = Pattern.compile("(\\S+) " + NUMBER);
    private static final Pattern RATIO = Pattern.compile("ratio " + NUMBER);
    private static final Pattern BEYOND = Pattern.compile(NUMBER + " (\\S+) \\((.+) " + NUMBER
            + " (\\S+)\\), cost beyond (.+) " + NUMBER + " (\\S+)");
    private static final Pattern MISSING_BODY = Pattern.compile("no result \\((.*)\\)");

    public SummaryLine {
        figures = List.copyOf(figures);
    }

    /**
     * @param text a summary line as the suite printed it
     * @return the line read
     * @throws IllegalArgumentException if it is not of the form {@code <id> <name>: <figures>}
     */
    public static SummaryLine parse(String text) {
        Matcher head = HEAD.matcher(text.strip());
        if (!head.matches()) {
            throw new IllegalArgumentException("'" + text + "' is no summary line: expected '<id> <name>: <figures>',"
                    + " as the benchmark suite prints them");
        }
        String id = head.group(1);
        String name = head.group(2);
        String body = head.group(3);
        String whole = text.strip();
        List<String> parts = List.of(body.split(", "));
        List<Figure> figures = new ArrayList<>();
        if (sides(parts, SIZE, figures)) {
            return new SummaryLine(whole, id, name, Form.SCALING, figures, ratio(parts));
        }
        if (sides(parts, SIDE, figures)) {
            return new SummaryLine(whole, id, name, Form.COMPARISON, figures, ratio(parts));
        }
        if (sides(parts, UNITLESS, figures)) {
            return new SummaryLine(whole, id, name, Form.RATIOS, figures, ratio(parts));
        }
        Matcher beyond = BEYOND.matcher(body);
        if (beyond.matches() && beyond.group(3).equals(beyond.group(6))) {
            Figure cost = new Figure("beyond " + beyond.group(6), number(beyond.group(7)), beyond.group(8));
            figures.add(new Figure(name, number(beyond.group(1)), beyond.group(2)));
            figures.add(new Figure(beyond.group(3), number(beyond.group(4)), beyond.group(5)));
            figures.add(cost);
            return new SummaryLine(whole, id, name, Form.BEYOND_BASELINE, figures, Optional.of(cost));
        }
        Form form = MISSING_BODY.matcher(body).matches() ? Form.MISSING : Form.OTHER;
        return new SummaryLine(whole, id, name, form, List.of(), Optional.empty());
    }

    /** @return what the line says after {@code "<id> <name>: "} */
    public String figuresText() {
        return text.substring(id.length() + 1 + name.length() + 2);
    }

    /**
     * @return what identifies the line between runs: its id and name, and for a scaling line its sizes, so that
     *         two lines of one name at other sizes ({@code n=10000} against {@code n=1000}, and {@code n=1000}
     *         against {@code n=100}) are two lines
     */
    public String identity() {
        StringBuilder sb = new StringBuilder(id).append(' ').append(name);
        if (form == Form.SCALING) {
            figures.forEach(f -> sb.append(' ').append(f.label()));
        }
        return sb.toString();
    }

    /** @return whether the line has figures: false for a benchmark that produced none */
    public boolean hasResult() {
        return form != Form.MISSING;
    }

    /**
     * Reads every part but the last ({@code ratio <r>}) with one pattern.
     *
     * @return whether there were at least two such parts and a ratio, with the figures added
     */
    private static boolean sides(List<String> parts, Pattern side, List<Figure> figures) {
        if (parts.size() < 3 || !RATIO.matcher(parts.get(parts.size() - 1)).matches()) {
            return false;
        }
        List<Figure> read = new ArrayList<>();
        for (String part : parts.subList(0, parts.size() - 1)) {
            Matcher m = side.matcher(part);
            if (!m.matches()) {
                return false;
            }
            read.add(new Figure(m.group(1), number(m.group(2)), m.groupCount() > 2 ? m.group(3) : ""));
        }
        figures.addAll(read);
        return true;
    }

    private static Optional<Figure> ratio(List<String> parts) {
        Matcher m = RATIO.matcher(parts.get(parts.size() - 1));
        if (!m.matches()) {
            throw new IllegalStateException("checked by sides: " + parts);
        }
        return Optional.of(new Figure("ratio", number(m.group(1)), ""));
    }

    private static double number(String text) {
        return Double.parseDouble(text);
    }
}
