package org.dlkm.bench;

import java.util.Locale;

/**
 * The one-line summaries the suite prints at the end, in a form a script can compare between runs:
 * {@code P1 load-unload-nfshaper: dlkm 812.3 us/op, raw 760.1 us/op, ratio 1.07}.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ReportLine {
    private ReportLine() {
    }

    /**
     * @param id the benchmark's id, {@code P1}
     * @param name its name, {@code load-unload-nfshaper}
     * @param dlkm the dlkm figure
     * @param raw the raw Felix figure
     * @param unit the figures' unit, {@code us/op}
     * @return {@code <id> <name>: dlkm <dlkm> <unit>, raw <raw> <unit>, ratio <dlkm/raw>}
     */
    public static String comparison(String id, String name, double dlkm, double raw, String unit) {
        return comparison(id, name, dlkm, "raw", raw, unit);
    }

    /**
     * A comparison with a baseline that is not raw Felix, such as a direct call.
     *
     * @param baselineName what the baseline is, {@code direct}
     * @return {@code <id> <name>: dlkm <dlkm> <unit>, <baselineName> <baseline> <unit>, ratio <dlkm/baseline>}
     */
    public static String comparison(String id, String name, double dlkm, String baselineName, double baseline,
            String unit) {
        return String.format(Locale.ROOT, "%s %s: dlkm %s %s, %s %s %s, ratio %.2f", id, name, figure(dlkm), unit,
                baselineName, figure(baseline), unit, dlkm / baseline);
    }

    /**
     * A figure measured at two sizes.
     *
     * @param id the benchmark's id, {@code P4}
     * @param name its name, {@code plan}
     * @param large the larger size, {@code 10000}
     * @param atLarge the figure at the larger size
     * @param small the smaller size
     * @param atSmall the figure at the smaller size
     * @param unit the figures' unit
     * @return {@code <id> <name>: n=<large> <atLarge> <unit>, n=<small> <atSmall> <unit>, ratio <atLarge/atSmall>}
     */
    public static String scaling(String id, String name, int large, double atLarge, int small, double atSmall,
            String unit) {
        return String.format(Locale.ROOT, "%s %s: n=%d %s %s, n=%d %s %s, ratio %.2f", id, name, large,
                figure(atLarge), unit, small, figure(atSmall), unit, atLarge / atSmall);
    }

    /**
     * A cost measured with a baseline doing the same calls, and what it adds to it.
     *
     * @param id the benchmark's id, {@code P6}
     * @param name what is measured, {@code shaper cost per frame}
     * @param measured the measured figure
     * @param baselineName what the baseline is, {@code pass-through}
     * @param baseline the baseline's figure
     * @param unit the figures' unit, {@code ns}
     * @return {@code <id> <name>: <measured> <unit> (<baselineName> <baseline> <unit>), cost beyond <baselineName>
     *         <measured - baseline> <unit>}
     */
    public static String beyondBaseline(String id, String name, double measured, String baselineName,
            double baseline, String unit) {
        return String.format(Locale.ROOT, "%s %s: %s %s (%s %s %s), cost beyond %s %s %s", id, name, figure(measured),
                unit, baselineName, figure(baseline), unit, baselineName, figure(measured - baseline), unit);
    }

    /**
     * Two unitless figures, such as scaling factors, compared.
     *
     * @return {@code <id> <name>: dlkm <dlkm>, raw <raw>, ratio <dlkm/raw>}
     */
    public static String ratios(String id, String name, double dlkm, double raw) {
        return String.format(Locale.ROOT, "%s %s: dlkm %.2f, raw %.2f, ratio %.2f", id, name, dlkm, raw, dlkm / raw);
    }

    /**
     * @param id the benchmark's id
     * @param name its name
     * @param why why there is none
     * @return the line printed when a benchmark produced no figure
     */
    public static String missing(String id, String name, String why) {
        return id + " " + name + ": no result (" + why + ")";
    }

    /** @return the figure with one decimal, or three when it is below 10 */
    static String figure(double value) {
        return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.3f" : "%.1f", value);
    }
}
