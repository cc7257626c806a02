package org.dlkm.nfshaper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.net.Frame;
import org.dlkm.kernel.net.TransmitFilter;
import org.junit.jupiter.api.Test;

/**
 * Rate accuracy, measured on a simulated clock: frames are offered faster than the shaper may send them, the shaper
 * is polled every step, and the bytes released in a window are divided by the window's length.
 */
class TwoBucketShaper_RateTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final double ONE_PERCENT = 0.01;

    private static TransmitFilter shaper(String... arguments) throws KernelException {
        return new NfShaperClass().create(List.of(arguments));
    }

    /**
     * Offers {@code frameBytes}-byte frames every {@code offerEvery} ns and polls every {@code step} ns from 0 to
     * {@code windowEnd}, then returns the rate, in bits per second, of the bytes released at times in
     * ({@code windowStart}, {@code windowEnd}]; with {@code windowStart} < 0 the window starts at 0 and includes
     * what leaves at time 0.
     */
    private static double measuredBitsPerSecond(TransmitFilter shaper, int frameBytes, long offerEvery, long step,
            long windowStart, long windowEnd) {
        long nextOffer = 0;
        long bytesInWindow = 0;
        for (long now = 0; now <= windowEnd; now += step) {
            while (nextOffer <= now) {
                shaper.offer(new Frame(frameBytes, nextOffer), now);
                nextOffer += offerEvery;
            }
            long released = shaper.release(now).stream().mapToLong(Frame::length).sum();
            if (now > windowStart) {
                bytesInWindow += released;
            }
        }
        double seconds = (double) (windowEnd - Math.max(0, windowStart)) / SECOND;
        return bytesInWindow * 8 / seconds;
    }

    private static void assertWithinOnePercent(double expected, double measured, String what) {
        double error = Math.abs(measured - expected) / expected;
        assertTrue(error < ONE_PERCENT, () -> String.format("%s: measured %.0f bits/s against %.0f, off by %.3f%%",
                what, measured, expected, error * 100));
    }

    @Test
    void sustainedRateConvergesToTheAverageWithinOnePercent() throws KernelException {
        // 1500 bytes every 5 ms is 2.4 Mbit/s, above both the 1m average and the 2m peak.
        TransmitFilter shaper = shaper("1m", "2m", "16000");

        double measured = measuredBitsPerSecond(shaper, 1500, 5 * MS, MS, -1, 60 * SECOND);

        assertWithinOnePercent(1024 * 1024, measured, "60 s including the initial burst");
    }

    /**
     * The figure: 10 s of saturating load. With a burst of one frame the average is what leaves; with the
     * 160k burst of the README's tour, the burst leaves on top of 10 s of the average, and no more.
     */
    @Test
    void tenSecondsOfSaturatingLoadAchieveTheAverageWithinOnePercent() throws KernelException {
        // 1000 bytes every ms is 8 Mbit/s, four times the 2m peak.
        double oneFrameBurst = measuredBitsPerSecond(shaper("1m", "2m", "1518"), 1000, MS, MS, -1, 10 * SECOND);
        double tourBurst = measuredBitsPerSecond(shaper("1m", "2m", "160k"), 1000, MS, MS, -1, 10 * SECOND);

        assertWithinOnePercent(1024 * 1024, oneFrameBurst, "10 s, a burst of one frame");
        assertWithinOnePercent(1024 * 1024 + 160 * 1024 * 8 / 10.0, tourBurst, "10 s, the average plus a 160k burst");
    }

    @Test
    void sustainedRateConvergesToTheAverageAtOneHundredMegabits() throws KernelException {
        // 1500 bytes every 50 us is 240 Mbit/s.
        TransmitFilter shaper = shaper("100m", "200m", "64k", "1");

        double measured = measuredBitsPerSecond(shaper, 1500, 50_000, 50_000, -1, 60 * SECOND);

        assertWithinOnePercent(100.0 * 1024 * 1024, measured, "60 s including the initial burst");
    }

    @Test
    void sustainedRateConvergesToTheAverageAtSixtyFourKilobits() throws KernelException {
        // 1500 bytes every 100 ms is 120 kbit/s.
        TransmitFilter shaper = shaper("64k", "128k", "1518");

        double measured = measuredBitsPerSecond(shaper, 1500, 100 * MS, MS, -1, 60 * SECOND);

        assertWithinOnePercent(64 * 1024, measured, "60 s including the initial burst");
    }

    @Test
    void peakRateHoldsWhileTheBurstLastsThenTheAverageTakesOver() throws KernelException {
        // 1500 bytes every ms is 12 Mbit/s. The 1m-byte burst drains at 4m - 1m bits/s: it lasts about 2.7 s.
        TransmitFilter during = shaper("1m", "4m", "1m", "10");
        TransmitFilter after = shaper("1m", "4m", "1m", "10");

        double duringBurst = measuredBitsPerSecond(during, 1500, MS, MS, SECOND / 2, 5 * SECOND / 2);
        double afterBurst = measuredBitsPerSecond(after, 1500, MS, MS, 10 * SECOND, 70 * SECOND);

        assertWithinOnePercent(4 * 1024 * 1024, duringBurst, "0.5 s to 2.5 s, inside the burst");
        assertWithinOnePercent(1024 * 1024, afterBurst, "10 s to 70 s, after the burst");
    }

    @Test
    void releasedBytesNeverExceedWhatTheBucketsAllow() throws KernelException {
        TransmitFilter shaper = shaper("2m", "8m", "32k", "20", "500");
        long burst = 32 * 1024;
        long peakDepth = 8L * 1024 * 1024 * 20 / 8000;
        Random random = new Random(20240601L);
        long releasedBytes = 0;
        long offeredBytes = 0;
        long droppedBytes = 0;

        for (long now = 0; now <= 10 * SECOND; now += 100_000) {
            for (int n = random.nextInt(4); n > 0; n--) {
                int length = 64 + random.nextInt(1518 - 64 + 1);
                offeredBytes += length;
                if (!shaper.offer(new Frame(length, now), now)) {
                    droppedBytes += length;
                }
            }
            releasedBytes += shaper.release(now).stream().mapToLong(Frame::length).sum();

            long averageAllows = burst + 2L * 1024 * 1024 * now / 8_000_000_000L;
            long peakAllows = peakDepth + 8L * 1024 * 1024 * now / 8_000_000_000L;
            assertTrue(releasedBytes <= averageAllows, "average bucket exceeded at " + now + " ns");
            assertTrue(releasedBytes <= peakAllows, "peak bucket exceeded at " + now + " ns");
        }

        assertTrue(droppedBytes > 0, "the load was above the average");
        String queued = shaper.status().lines().filter(l -> l.startsWith("queued")).findFirst().orElseThrow();
        long queuedBytes = Long.parseLong(queued.replaceAll(".* (\\d+) bytes", "$1"));
        assertEquals(offeredBytes, releasedBytes + queuedBytes + droppedBytes, "every byte is accounted for");
    }
}
