package org.dlkm.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a {@link ScalingPlot} as a PNG with JFreeChart: the figure against the size, both axes logarithmic, so that
 * a series growing in proportion to the size climbs at the slope of the dashed line beside it (linear from the first
 * series' smallest size). Needs no display: the report sets {@code java.awt.headless} before drawing.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ScalingCharts {
    static final int WIDTH = 720;
    static final int HEIGHT = 440;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};
    private static final Color REFERENCE = new Color(0x999999);
    /** How far each axis reaches beyond the data, as a factor: room for the points' marks. */
    private static final double SIZE_MARGIN = 1.15;
    private static final double FIGURE_MARGIN = 1.3;

    private ScalingCharts() {
    }

    /**
     * @param plot the plot to draw
     * @param description what the benchmark measures, a subtitle; empty for none
     * @param file the PNG to write, replaced whole
     */
    public static void writePng(ScalingPlot plot, String description, Path file) throws IOException {
        JFreeChart chart = chart(plot, description);
        ReplacedFile.write(file, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, WIDTH, HEIGHT));
    }

    static JFreeChart chart(ScalingPlot plot, String description) {
        boolean oneUnit = plot.units().size() == 1;
        XYSeriesCollection data = new XYSeriesCollection();
        for (ScalingPlot.Series s : plot.series()) {
            XYSeries series = new XYSeries(oneUnit ? s.name() : s.name() + " (" + s.unit() + ")");
            s.points().forEach(series::add);
            data.addSeries(series);
        }
        data.addSeries(linear(plot.series().get(0)));

        LogAxis size = new OneTwoFiveLogAxis("size n", data.getDomainLowerBound(false),
                data.getDomainUpperBound(false), SIZE_MARGIN);
        LogAxis figure = new OneTwoFiveLogAxis(oneUnit ? plot.units().get(0) : String.join(", ", plot.units()),
                data.getRangeLowerBound(false), data.getRangeUpperBound(false), FIGURE_MARGIN);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < plot.series().size(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        int reference = plot.series().size();
        renderer.setSeriesPaint(reference, REFERENCE);
        renderer.setSeriesShapesVisible(reference, false);
        renderer.setSeriesStroke(reference, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));

        XYPlot xy = new XYPlot(data, size, figure, renderer);
        xy.setBackgroundPaint(Color.WHITE);
        xy.setDomainGridlinePaint(new Color(0xdddddd));
        xy.setRangeGridlinePaint(new Color(0xdddddd));
        xy.setDomainMinorGridlinesVisible(true);
        xy.setRangeMinorGridlinesVisible(true);
        xy.setDomainMinorGridlinePaint(new Color(0xf0f0f0));
        xy.setRangeMinorGridlinePaint(new Color(0xf0f0f0));
        JFreeChart chart = new JFreeChart(plot.id() + ": figure against size (log-log)", JFreeChart.DEFAULT_TITLE_FONT,
                xy, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (!description.isEmpty()) {
            chart.addSubtitle(new TextTitle(description, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        }
        return chart;
    }

    /** @return a line through the series' smallest point at slope 1: what linear growth from there would be */
    private static XYSeries linear(ScalingPlot.Series from) {
        Map.Entry<Integer, Double> first = from.points().entrySet().iterator().next();
        XYSeries line = new XYSeries(String.format(Locale.ROOT, "linear from %s at n=%d", from.name(),
                first.getKey()));
        for (int n : from.points().keySet()) {
            line.add(n, first.getValue() * n / first.getKey());
        }
        return line;
    }
}
