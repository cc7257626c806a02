package org.dlkm.bench.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

/**
 * A base-10 logarithmic axis ticked where a reader expects one, at 1, 2 and 5 times a power of ten (only at powers
 * of ten when the range spans more than {@value #LABELLED_DECADES} decades), with unlabelled ticks at the other
 * multiples; JFreeChart's own {@link LogAxis} ticks evenly in the exponent, at values such as 158.489. The range is
 * fixed by the caller, from the data.
 *
 * <p>Not thread-safe, as every JFreeChart axis.
 */
final class OneTwoFiveLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private static final int LABELLED_DECADES = 3;

    /**
     * @param label the axis label
     * @param lowest the smallest value plotted
     * @param highest the largest value plotted
     * @param margin the factor the range extends beyond them on each side, above 1
     */
    OneTwoFiveLogAxis(String label, double lowest, double highest, double margin) {
        super(label);
        setBase(10);
        setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        setMinorTickMarksVisible(true);
        setRange(new Range(lowest / margin, highest * margin));
    }

    @Override
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER
                : edge == RectangleEdge.BOTTOM ? TextAnchor.TOP_CENTER
                : edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        Range range = getRange();
        int first = (int) Math.floor(Math.log10(range.getLowerBound()));
        int last = (int) Math.ceil(Math.log10(range.getUpperBound()));
        boolean fine = last - first <= LABELLED_DECADES;
        List<ValueTick> ticks = new ArrayList<>();
        for (int exponent = first; exponent <= last; exponent++) {
            for (int multiple = 1; multiple <= 9; multiple++) {
                double value = multiple * Math.pow(10, exponent);
                if (!range.contains(value)) {
                    continue;
                }
                boolean labelled = multiple == 1 || fine && (multiple == 2 || multiple == 5);
                ticks.add(new LogTick(labelled ? TickType.MAJOR : TickType.MINOR, value,
                        labelled ? createTickLabel(value) : null, anchor));
            }
        }
        return ticks;
    }
}
