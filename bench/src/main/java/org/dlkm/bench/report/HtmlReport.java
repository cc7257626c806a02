package org.dlkm.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the report's page: the run, the table of every summary line beside its goals (met or missed) with the
 * previous run's figure and verdict, the scaling plots, and the lines as printed. One self-contained HTML file; the
 * plots are PNGs beside it.
 *
 * <p>Stateless; safe from any thread.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 1.5em; color: #222; max-width: 80em; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
            th { background: #f0f0f0; }
            td.figure { font-family: monospace; }
            td.key { font-family: monospace; white-space: nowrap; }
            .met { color: #1a7f37; font-weight: bold; }
            .missed { color: #c62828; font-weight: bold; }
            .none { color: #777; }
            .was { color: #555; font-size: smaller; }
            figure { display: inline-block; margin: 0.5em 1em 0.5em 0; }
            pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; }
            """;

    private HtmlReport() {
    }

    /**
     * @param table the run's table
     * @param plots the scaling plots and the file name of each one's image, beside the page
     * @param descriptions what each benchmark measures, by id
     * @param results the file name of the run's results, beside the page
     * @return the page
     */
    public static String page(ReportTable table, Map<ScalingPlot, String> plots, Map<String, String> descriptions,
            String results) {
        RunRecord run = table.run();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>dlkm benchmarks: ")
                .append(esc(run.mode())).append(", ").append(run.run()).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>dlkm benchmarks</h1>\n<p>");
        h.append(esc(run.mode())).append(run.quick() ? " (one fork and few iterations: indicative only)" : "")
                .append(", ended ").append(run.run()).append("; benchmarks ").append(esc(String.join(" ",
                        run.benchmarks()))).append("; Java ").append(esc(run.java())).append(", ").append(run.cores())
                .append(" cores. Goals judged in this run: <span class=\"met\">").append(table.met())
                .append(" met</span>, <span class=\"missed\">").append(table.missed()).append(" missed</span>.</p>\n");
        h.append("<p>Each line's previous figure is the same line in the newest earlier run that has it (the run"
                + " is named when you point at it). Ratios are dlkm over its baseline: lower is better. Results of"
                + " this run: <a href=\"").append(esc(results)).append("\">").append(esc(results))
                .append("</a>.</p>\n");
        table(h, table);
        plots(h, plots, descriptions);
        h.append("<h2>The lines as printed</h2>\n<pre>");
        run.summary().forEach(s -> h.append(esc(s)).append('\n'));
        h.append('\n');
        run.goals().forEach(g -> h.append(esc(g)).append('\n'));
        h.append("</pre>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, ReportTable table) {
        h.append("<h2>Figures and goals</h2>\n<table>\n<thead><tr><th>benchmark</th><th>line</th><th>figures</th>"
                + "<th>previous &rarr; now</th><th>change</th><th>goal</th></tr></thead>\n<tbody>\n");
        for (ReportTable.Benchmark b : table.benchmarks()) {
            int span = Math.max(1, b.rows().size());
            List<ReportTable.Row> rows = b.rows();
            for (int i = 0; i < span; i++) {
                h.append("<tr>");
                if (i == 0) {
                    h.append("<td rowspan=\"").append(span).append("\"><b>").append(esc(b.id())).append("</b>");
                    if (!b.description().isEmpty()) {
                        h.append("<br><small>").append(esc(b.description())).append("</small>");
                    }
                    h.append("</td>");
                }
                if (rows.isEmpty()) {
                    h.append("<td colspan=\"4\" class=\"none\">no summary line</td>");
                } else {
                    row(h, rows.get(i));
                }
                if (i == 0) {
                    h.append("<td rowspan=\"").append(span).append("\">");
                    goals(h, b.goals());
                    h.append("</td>");
                }
                h.append("</tr>\n");
            }
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void row(StringBuilder h, ReportTable.Row row) {
        SummaryLine now = row.now();
        h.append("<td>").append(esc(now.name())).append("</td><td class=\"figure")
                .append(now.hasResult() ? "" : " missed").append("\">").append(esc(now.figuresText()))
                .append("</td>");
        String title = row.previousRun().map(r -> " title=\"previous: " + r.mode() + " of " + r.run() + "\"")
                .orElse("");
        h.append("<td class=\"key\"").append(title).append('>');
        Optional<SummaryLine.Figure> key = now.key();
        if (key.isPresent()) {
            String before = row.previous().flatMap(SummaryLine::key).map(HtmlReport::figure).orElse("&mdash;");
            h.append(esc(key.get().label())).append(' ').append(before).append(" &rarr; ").append(figure(key.get()));
        } else if (row.previous().isPresent()) {
            h.append("was: ").append(esc(row.previous().get().figuresText()));
        } else {
            h.append("<span class=\"none\">no earlier run</span>");
        }
        h.append("</td><td class=\"key\">");
        row.change().ifPresent(d -> h.append(String.format(Locale.ROOT, key.get().unit().isEmpty() ? "%+.2f"
                : "%+.1f ", d)).append(esc(key.get().unit())));
        h.append("</td>");
    }

    private static void goals(StringBuilder h, List<ReportTable.Verdict> goals) {
        if (goals.isEmpty()) {
            h.append("<span class=\"none\">no goal</span>");
        }
        for (ReportTable.Verdict v : goals) {
            GoalLine g = v.now();
            h.append("<div>").append(esc(g.goal())).append(": ").append(verdict(g));
            if (!g.figures().isEmpty()) {
                h.append(" (").append(esc(g.figures())).append(')');
            }
            v.previous().ifPresent(p -> h.append("<br><span class=\"was\">previously ").append(verdict(p))
                    .append(" (").append(esc(p.figures())).append("), ")
                    .append(esc(v.previousRun().orElseThrow().mode())).append(" of ")
                    .append(v.previousRun().orElseThrow().run()).append("</span>"));
            h.append("</div>");
        }
    }

    private static void plots(StringBuilder h, Map<ScalingPlot, String> plots, Map<String, String> descriptions) {
        if (plots.isEmpty()) {
            return;
        }
        h.append("<h2>Scaling</h2>\n<p>Each figure against the size it was measured at, both axes logarithmic: a"
                + " series that grows in proportion to the size climbs at the slope of the dashed line.</p>\n");
        plots.forEach((plot, image) -> h.append("<figure><img src=\"").append(esc(image)).append("\" width=\"")
                .append(ScalingCharts.WIDTH).append("\" height=\"").append(ScalingCharts.HEIGHT).append("\" alt=\"")
                .append(esc(plot.id())).append(" scaling: ").append(esc(String.join(", ", plot.series().stream()
                        .map(ScalingPlot.Series::name).toList()))).append("\"><figcaption>").append(esc(plot.id()))
                .append(": ").append(esc(descriptions.getOrDefault(plot.id(), ""))).append("</figcaption></figure>\n"));
    }

    private static String verdict(GoalLine g) {
        String css = g.met().map(m -> m ? "met" : "missed").orElse("none");
        return "<span class=\"" + css + "\">" + esc(g.verdict()) + "</span>";
    }

    private static String figure(SummaryLine.Figure f) {
        if (f.unit().isEmpty()) {
            return String.format(Locale.ROOT, "%.2f", f.value());
        }
        return String.format(Locale.ROOT, Math.abs(f.value()) < 10 ? "%.3f %s" : "%.1f %s", f.value(), esc(f.unit()));
    }

    /** @return the text with HTML's special characters escaped */
    static String esc(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
