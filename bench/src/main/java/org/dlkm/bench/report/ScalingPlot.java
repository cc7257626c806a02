package org.dlkm.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one benchmark's figures grow with the size of what it works on, read from its summary lines: a scaling line
 * ({@code P4 plan: n=10000 1039.7 us/op, n=1000 55.2 us/op, ratio 18.83}) gives its name a point at each size; a
 * comparison whose name ends in a size ({@code P7 chain-1000: dlkm 3699.4 ms/op, raw 2637.4 ms/op, ratio 1.40})
 * gives each side a point, so that dlkm and its baseline are two series of one plot. Figures that are not positive
 * are left out, as a logarithmic axis cannot show them. Whatever benchmark prints such
 * lines gets a plot, with no list of benchmarks here.
 *
 * <p>Immutable; safe from any thread.
 *
 * @param id the benchmark's id, {@code P4}
 * @param series its series, each with at least two sizes
 */
public record ScalingPlot(String id, List<Series> series) {
    private static final Pattern SIZED_NAME = Pattern.compile("(.+)-(\\d+)");

    /**
     * One series: a figure at several sizes.
     *
     * @param name {@code plan}, or for a comparison the name less its size and the side, {@code chain dlkm}
     * @param unit the figures' unit
     * @param points the figure at each size
     */
    public record Series(String name, String unit, SortedMap<Integer, Double> points) {
        public Series {
            points = Collections.unmodifiableSortedMap(new TreeMap<>(points));
        }
    }

    public ScalingPlot {
        series = List.copyOf(series);
    }

    /**
     * @param lines a run's summary lines
     * @return a plot for each benchmark whose lines give a series at least two sizes, in the order of its first line
     */
    public static List<ScalingPlot> of(List<SummaryLine> lines) {
        Map<String, Map<String, Series>> byId = new LinkedHashMap<>();
        for (SummaryLine line : lines) {
            switch (line.form()) {
                case SCALING -> {
                    for (SummaryLine.Figure f : line.figures()) {
                        add(byId, line.id(), line.name(), f.unit(), Integer.parseInt(f.label().substring(2)),
                                f.value());
                    }
                }
                case COMPARISON -> {
                    Matcher sized = SIZED_NAME.matcher(line.name());
                    if (sized.matches()) {
                        int n = Integer.parseInt(sized.group(2));
                        for (SummaryLine.Figure f : line.figures()) {
                            add(byId, line.id(), sized.group(1) + " " + f.label(), f.unit(), n, f.value());
                        }
                    }
                }
                default -> {
                    // no size in the line
                }
            }
        }
        List<ScalingPlot> plots = new ArrayList<>();
        byId.forEach((id, series) -> {
            List<Series> grown = series.values().stream().filter(s -> s.points().size() >= 2).toList();
            if (!grown.isEmpty()) {
                plots.add(new ScalingPlot(id, grown));
            }
        });
        return plots;
    }

    /** @return the units of the series, each once, in the order of the series */
    public List<String> units() {
        return series.stream().map(Series::unit).distinct().toList();
    }

    private static void add(Map<String, Map<String, Series>> byId, String id, String name, String unit, int n,
            double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            return; // nothing a logarithmic axis can show: a failed or a zero figure
        }
        Map<String, Series> series = byId.computeIfAbsent(id, i -> new LinkedHashMap<>());
        String key = name + '\t' + unit;
        Series s = series.computeIfAbsent(key, k -> new Series(name, unit, new TreeMap<>()));
        TreeMap<Integer, Double> points = new TreeMap<>(s.points());
        points.put(n, value);
        series.put(key, new Series(name, unit, points));
    }
}
