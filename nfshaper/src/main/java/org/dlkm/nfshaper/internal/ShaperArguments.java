package org.dlkm.nfshaper.internal;

import java.util.List;
import java.util.Objects;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * Parses the positional arguments of an {@code nfshaper} filter into {@link ShaperSettings}:
 *
 * <pre>
 * &lt;bpsAverage&gt; &lt;bpsPeak&gt; &lt;burstSize&gt; [&lt;periodPeak&gt;] [&lt;maxQueue&gt;]
 * </pre>
 *
 * <ul>
 * <li>{@code bpsAverage}, {@code bpsPeak}: bits per second, positive, peak at least the average;</li>
 * <li>{@code burstSize}: bytes, from one maximum Ethernet frame (1518) to 1024m;</li>
 * <li>these three are digits with an optional suffix {@code k} (times 1024) or {@code m} (times 1024 * 1024),
 * in either case;</li>
 * <li>{@code periodPeak}: whole milliseconds, 1 to 60000, no suffix; the bytes the peak rate sends in it must not
 * exceed 1024m;</li>
 * <li>{@code maxQueue}: whole frames, 0 to 65536, no suffix; 0 makes the shaper drop every frame that cannot leave
 * at once. Default {@value #DEFAULT_MAX_QUEUE}.</li>
 * </ul>
 *
 * Every refusal is a {@link KernelException} with {@link Errno#EINVAL} whose message names the argument, its value
 * and the expected form.
 *
 * <p>Threading: stateless; any thread may call it.
 */
final class ShaperArguments {

    /** The queue limit when the fifth argument is absent, in frames. */
    static final int DEFAULT_MAX_QUEUE = 100;

    /** The largest queue limit accepted, in frames. */
    static final int MAX_QUEUE_LIMIT = 65_536;

    /** The longest peak period accepted, in milliseconds. */
    static final long MAX_PERIOD_MILLIS = 60_000;

    static final String SYNTAX = "<bpsAverage> <bpsPeak> <burstSize> [<periodPeak>] [<maxQueue>]";

    static final String USAGE = SYNTAX + " (rates in bits/s, burst in bytes, each with optional suffix k = 1024"
            + " or m = 1048576; periodPeak in ms; maxQueue in frames, default " + DEFAULT_MAX_QUEUE + ")";

    private static final long KILO = 1024;
    private static final long MEGA = 1024 * 1024;

    private ShaperArguments() {
        // static parsing only
    }

    /**
     * @param arguments the words an administrator wrote after the class name
     * @return the validated settings
     * @throws KernelException {@code EINVAL} for anything malformed
     */
    static ShaperSettings parse(List<String> arguments) throws KernelException {
        return parse(arguments, DEFAULT_MAX_QUEUE);
    }

    /**
     * @param arguments the positional arguments
     * @param defaultMaxQueue the queue limit when the arguments give none: the tunable {@code nfshaper_max_queue}
     * @return the settings
     * @throws KernelException {@code EINVAL} naming the bad argument
     */
    static ShaperSettings parse(List<String> arguments, int defaultMaxQueue) throws KernelException {
        Objects.requireNonNull(arguments, "arguments");
        if (arguments.size() < 3 || arguments.size() > 5) {
            throw refused("expected 3 to 5 arguments, got " + arguments.size() + " " + arguments
                    + ": usage: " + NfShaperClass.NAME + " " + SYNTAX);
        }
        String averageText = arguments.get(0);
        String peakText = arguments.get(1);
        long average = positiveRate("average bandwidth", averageText);
        long peak = positiveRate("peak bandwidth", peakText);
        if (peak < average) {
            throw refused("peak bandwidth '" + peakText + "' is below the average '" + averageText
                    + "': peak must be >= average");
        }
        long burst = burstSize(arguments.get(2));
        long period = arguments.size() > 3 ? peakPeriod(arguments.get(3), peak, peakText) : ShaperSettings.NO_PERIOD;
        int maxQueue = arguments.size() > 4 ? maxQueue(arguments.get(4)) : defaultMaxQueue;
        return new ShaperSettings(average, peak, burst, period, maxQueue);
    }

    private static long positiveRate(String what, String text) throws KernelException {
        long value = withSuffix(what, text, "bits per second, such as 1m");
        if (value == 0) {
            throw refused(what + " '" + text + "' is zero: give a positive number of bits per second, such as 1m");
        }
        return value;
    }

    private static long burstSize(String text) throws KernelException {
        String what = "burst size";
        long value = withSuffix(what, text, "bytes, such as 16k");
        if (value < ShaperSettings.MAX_FRAME_BYTES) {
            throw refused(what + " '" + text + "' is smaller than a maximum Ethernet frame: give at least "
                    + ShaperSettings.MAX_FRAME_BYTES + " bytes");
        }
        if (value > ShaperSettings.MAX_BUCKET_BYTES) {
            throw refused(what + " '" + text + "' is above the maximum: give at most 1024m ("
                    + ShaperSettings.MAX_BUCKET_BYTES + " bytes)");
        }
        return value;
    }

    private static long peakPeriod(String text, long peak, String peakText) throws KernelException {
        String what = "peak period";
        long value = plainNumber(what, text, "milliseconds, such as 100");
        if (value == 0 || value > MAX_PERIOD_MILLIS) {
            throw refused(what + " '" + text + "' is out of range: give 1 to " + MAX_PERIOD_MILLIS
                    + " milliseconds, or leave it out");
        }
        long fastestPeakForThisPeriod = ShaperSettings.MAX_BUCKET_BYTES * 8000 / value;
        if (peak > fastestPeakForThisPeriod) {
            throw refused(what + " '" + text + "' at peak bandwidth '" + peakText
                    + "' makes a peak bucket above the 1024m-byte maximum: shorten the period");
        }
        return value;
    }

    private static int maxQueue(String text) throws KernelException {
        String what = "max queue";
        long value = plainNumber(what, text, "frames, such as " + DEFAULT_MAX_QUEUE);
        if (value > MAX_QUEUE_LIMIT) {
            throw refused(what + " '" + text + "' is above the limit: give 0 to " + MAX_QUEUE_LIMIT + " frames");
        }
        return (int) value;
    }

    /** Digits with an optional k or m suffix, as a non-negative long. */
    private static long withSuffix(String what, String text, String unitAndExample) throws KernelException {
        String expected = "give digits with an optional suffix k (x1024) or m (x1048576), in " + unitAndExample;
        String digits = text == null ? "" : text;
        long multiplier = 1;
        if (!digits.isEmpty()) {
            char last = Character.toLowerCase(digits.charAt(digits.length() - 1));
            if (last == 'k' || last == 'm') {
                multiplier = last == 'k' ? KILO : MEGA;
                digits = digits.substring(0, digits.length() - 1);
            }
        }
        long value = digitsValue(what, text, digits, expected);
        try {
            return Math.multiplyExact(value, multiplier);
        } catch (ArithmeticException e) {
            throw refused(what + " '" + text + "' is too large: " + expected, e);
        }
    }

    /** Digits only, as a non-negative long. */
    private static long plainNumber(String what, String text, String unitAndExample) throws KernelException {
        return digitsValue(what, text, text == null ? "" : text, "give a whole number of " + unitAndExample);
    }

    private static long digitsValue(String what, String text, String digits, String expected) throws KernelException {
        if (digits.startsWith("-") && digits.length() > 1 && allDigits(digits.substring(1))) {
            throw refused(what + " '" + text + "' is negative: " + expected);
        }
        if (!allDigits(digits)) {
            throw refused(what + " '" + text + "' is not a number: " + expected);
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw refused(what + " '" + text + "' is too large: " + expected, e);
        }
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static KernelException refused(String reason) {
        return new KernelException(Errno.EINVAL, NfShaperClass.NAME + ": " + reason);
    }

    private static KernelException refused(String reason, Throwable cause) {
        return new KernelException(Errno.EINVAL, NfShaperClass.NAME + ": " + reason, cause);
    }
}
