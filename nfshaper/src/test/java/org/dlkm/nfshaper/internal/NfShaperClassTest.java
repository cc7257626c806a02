package org.dlkm.nfshaper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;

/** The argument syntax of {@code nfshaper}: what it accepts and how it refuses the rest. */
class NfShaperClassTest {

    private static ShaperSettings parse(String... arguments) throws KernelException {
        return ShaperArguments.parse(List.of(arguments));
    }

    /** Asserts the arguments are refused with EINVAL and a message containing every fragment. */
    private static void assertRefused(List<String> arguments, String... fragments) {
        KernelException refusal = assertThrows(KernelException.class,
                () -> new NfShaperClass().create(arguments), () -> "accepted " + arguments);
        assertEquals(Errno.EINVAL, refusal.errno());
        assertTrue(refusal.getMessage().startsWith("nfshaper: "), refusal.getMessage());
        for (String fragment : fragments) {
            assertTrue(refusal.getMessage().contains(fragment),
                    () -> "message lacks '" + fragment + "': " + refusal.getMessage());
        }
    }

    @Test
    void threePlainNumbersGiveRatesBurstAndTheDefaults() throws KernelException {
        assertEquals(new ShaperSettings(1_000_000, 2_000_000, 16_000, ShaperSettings.NO_PERIOD, 100),
                parse("1000000", "2000000", "16000"));
    }

    @Test
    void theDefaultQueueLimitIsOneHundredFrames() throws KernelException {
        assertEquals(100, parse("1m", "1m", "1518").maxQueue());
        assertEquals(100, ShaperArguments.DEFAULT_MAX_QUEUE);
    }

    @Test
    void suffixesKAndMAreMultiplesOf1024() throws KernelException {
        ShaperSettings settings = parse("3k", "2m", "16k");

        assertEquals(3 * 1024, settings.bpsAverage());
        assertEquals(2 * 1024 * 1024, settings.bpsPeak());
        assertEquals(16 * 1024, settings.burstBytes());
    }

    @Test
    void suffixesAreCaseInsensitive() throws KernelException {
        assertEquals(parse("3k", "2m", "16k"), parse("3K", "2M", "16K"));
    }

    @Test
    void aPeakPeriodAndAQueueLimitAreTakenInOrder() throws KernelException {
        ShaperSettings settings = parse("1m", "2m", "16k", "50", "20");

        assertEquals(50, settings.periodPeakMillis());
        assertEquals(20, settings.maxQueue());
    }

    @Test
    void aQueueLimitOfZeroIsAccepted() throws KernelException {
        assertEquals(0, parse("1m", "2m", "16k", "50", "0").maxQueue());
    }

    @Test
    void peakEqualToAverageIsAccepted() throws KernelException {
        assertEquals(parse("1m", "1m", "1518").bpsAverage(), parse("1m", "1m", "1518").bpsPeak());
    }

    @Test
    void thePeakBucketHoldsWhatThePeakRateSendsInThePeriod() throws KernelException {
        // 8 Mbit/s for 100 ms is 100 000 bytes.
        assertEquals(100_000, parse("8000000", "8000000", "16k", "100").peakDepthBytes());
    }

    @Test
    void thePeakBucketHoldsOneMaximumFrameWithoutAPeriod() throws KernelException {
        assertEquals(1518, parse("1m", "100m", "1m").peakDepthBytes());
    }

    @Test
    void thePeakBucketNeverHoldsLessThanOneMaximumFrame() throws KernelException {
        // 1 Mbit/s for 1 ms is only 131 bytes.
        assertEquals(1518, parse("1m", "1m", "16k", "1").peakDepthBytes());
    }

    @Test
    void tooFewArgumentsAreRefusedWithTheUsage() {
        assertRefused(List.of("1m", "2m"), "expected 3 to 5 arguments, got 2", "<bpsAverage> <bpsPeak> <burstSize>");
    }

    @Test
    void noArgumentsAreRefusedWithTheUsage() {
        assertRefused(List.of(), "expected 3 to 5 arguments, got 0", "usage: nfshaper <bpsAverage>");
    }

    @Test
    void tooManyArgumentsAreRefusedWithTheUsage() {
        assertRefused(List.of("1m", "2m", "16k", "10", "100", "extra"), "expected 3 to 5 arguments, got 6",
                "[<periodPeak>] [<maxQueue>]");
    }

    @Test
    void anAverageThatIsNotANumberIsRefused() {
        assertRefused(List.of("fast", "2m", "16k"), "average bandwidth 'fast' is not a number",
                "optional suffix k", "bits per second");
    }

    @Test
    void aPeakThatIsNotANumberIsRefused() {
        assertRefused(List.of("1m", "2x", "16k"), "peak bandwidth '2x' is not a number", "bits per second");
    }

    @Test
    void aBurstThatIsNotANumberIsRefused() {
        assertRefused(List.of("1m", "2m", "lots"), "burst size 'lots' is not a number", "bytes");
    }

    @Test
    void aDecimalRateIsRefused() {
        assertRefused(List.of("1.5m", "2m", "16k"), "average bandwidth '1.5m' is not a number", "digits");
    }

    @Test
    void anUnknownSuffixIsRefused() {
        assertRefused(List.of("1g", "2m", "16k"), "average bandwidth '1g' is not a number", "k (x1024) or m");
    }

    @Test
    void aBareSuffixIsRefused() {
        assertRefused(List.of("m", "2m", "16k"), "average bandwidth 'm' is not a number");
    }

    @Test
    void anEmptyArgumentIsRefused() {
        assertRefused(List.of("1m", "", "16k"), "peak bandwidth '' is not a number");
    }

    @Test
    void aMissingArgumentIsRefusedAsNotANumber() {
        assertRefused(Arrays.asList("1m", "2m", null), "burst size 'null' is not a number");
    }

    @Test
    void aSignedRateIsRefused() {
        assertRefused(List.of("+1m", "2m", "16k"), "average bandwidth '+1m' is not a number");
    }

    @Test
    void aNegativeAverageIsRefused() {
        assertRefused(List.of("-1m", "2m", "16k"), "average bandwidth '-1m' is negative", "bits per second");
    }

    @Test
    void aNegativePeakIsRefused() {
        assertRefused(List.of("1m", "-2m", "16k"), "peak bandwidth '-2m' is negative");
    }

    @Test
    void aZeroAverageIsRefused() {
        assertRefused(List.of("0", "2m", "16k"), "average bandwidth '0' is zero",
                "give a positive number of bits per second");
    }

    @Test
    void aZeroPeakIsRefused() {
        assertRefused(List.of("1m", "0k", "16k"), "peak bandwidth '0k' is zero");
    }

    @Test
    void aPeakBelowTheAverageIsRefused() {
        assertRefused(List.of("2m", "1m", "16k"),
                "nfshaper: peak bandwidth '1m' is below the average '2m': peak must be >= average");
    }

    @Test
    void aRateTooLargeForALongIsRefused() {
        assertRefused(List.of("99999999999999999999", "2m", "16k"),
                "average bandwidth '99999999999999999999' is too large");
    }

    @Test
    void aRateThatOverflowsThroughItsSuffixIsRefused() {
        assertRefused(List.of("1m", "9000000000000000m", "16k"), "peak bandwidth '9000000000000000m' is too large");
    }

    @Test
    void aBurstSmallerThanAMaximumFrameIsRefused() {
        assertRefused(List.of("1m", "2m", "1517"), "burst size '1517' is smaller than a maximum Ethernet frame",
                "at least 1518 bytes");
    }

    @Test
    void aNegativeBurstIsRefused() {
        assertRefused(List.of("1m", "2m", "-16k"), "burst size '-16k' is negative");
    }

    @Test
    void aBurstAboveTheMaximumIsRefused() {
        assertRefused(List.of("1m", "2m", "1025m"), "burst size '1025m' is above the maximum", "at most 1024m");
    }

    @Test
    void aPeakPeriodThatIsNotANumberIsRefused() {
        assertRefused(List.of("1m", "2m", "16k", "soon"), "peak period 'soon' is not a number",
                "whole number of milliseconds");
    }

    @Test
    void aPeakPeriodWithASuffixIsRefused() {
        assertRefused(List.of("1m", "2m", "16k", "1k"), "peak period '1k' is not a number");
    }

    @Test
    void aZeroPeakPeriodIsRefused() {
        assertRefused(List.of("1m", "2m", "16k", "0"), "peak period '0' is out of range", "1 to 60000 milliseconds");
    }

    @Test
    void aNegativePeakPeriodIsRefused() {
        assertRefused(List.of("1m", "2m", "16k", "-5"), "peak period '-5' is negative");
    }

    @Test
    void aPeakPeriodAboveOneMinuteIsRefused() {
        assertRefused(List.of("1m", "2m", "16k", "60001"), "peak period '60001' is out of range");
    }

    @Test
    void aPeakPeriodThatMakesThePeakBucketTooDeepIsRefused() {
        // 100000m bits/s for 60 s is about 786 GB.
        assertRefused(List.of("1m", "100000m", "16k", "60000"),
                "peak period '60000' at peak bandwidth '100000m' makes a peak bucket above the 1024m-byte maximum",
                "shorten the period");
    }

    @Test
    void aQueueLimitThatIsNotANumberIsRefused() {
        assertRefused(List.of("1m", "2m", "16k", "10", "many"), "max queue 'many' is not a number",
                "whole number of frames");
    }

    @Test
    void aNegativeQueueLimitIsRefused() {
        assertRefused(List.of("1m", "2m", "16k", "10", "-1"), "max queue '-1' is negative");
    }

    @Test
    void aQueueLimitAboveTheLimitIsRefused() {
        assertRefused(List.of("1m", "2m", "16k", "10", "65537"), "max queue '65537' is above the limit",
                "0 to 65536 frames");
    }
}
