package org.dlkm.nfshaper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.net.Frame;
import org.dlkm.kernel.net.TransmitFilter;
import org.junit.jupiter.api.Test;

/** How one shaper admits, queues, orders and drops frames, on a simulated clock. */
class TwoBucketShaperTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private static TransmitFilter shaper(String... arguments) throws KernelException {
        return new NfShaperClass().create(List.of(arguments));
    }

    private static List<Boolean> offer(TransmitFilter shaper, int count, int length, long nowNanos) {
        List<Boolean> accepted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accepted.add(shaper.offer(new Frame(length, nowNanos), nowNanos));
        }
        return accepted;
    }

    @Test
    void aBurstUpToTheBurstSizeLeavesAtOnceWhenThePeakBucketHoldsIt() throws KernelException {
        // Peak bucket: 10m bits/s for 100 ms = 131072 bytes, deeper than the 64000-byte burst.
        TransmitFilter shaper = shaper("1m", "10m", "64000", "100");

        assertFalse(offer(shaper, 50, 1500, 0).contains(false));

        assertEquals(42, shaper.release(0).size(), "42 * 1500 = 63000 bytes fit in the burst, 43 do not");
        assertTrue(shaper.status().contains("queued         8 frames, 12000 bytes"), shaper.status());
    }

    @Test
    void peakRateCapsTheBurstWhenAPeakPeriodIsGiven() throws KernelException {
        // Peak bucket: 4m bits/s for 10 ms = 5242 bytes, though the burst allows 1m bytes.
        TransmitFilter shaper = shaper("1m", "4m", "1m", "10");
        offer(shaper, 50, 1500, 0);

        assertEquals(3, shaper.release(0).size(), "only 3 frames fit in the 5242-byte peak bucket");
        // 742 bytes are left; 4m bits/s adds the missing 758 in 1.45 ms, while the burst still holds plenty.
        assertEquals(0, shaper.release(MS).size());
        assertEquals(1, shaper.release(2 * MS).size());
    }

    @Test
    void withoutAPeakPeriodFramesLeaveOneAtATimeAtThePeakRate() throws KernelException {
        // Peak bucket: one maximum frame, 1518 bytes; 2m bits/s refills 1482 bytes in 5.65 ms.
        TransmitFilter shaper = shaper("1m", "2m", "64000");
        offer(shaper, 10, 1500, 0);

        assertEquals(1, shaper.release(0).size());
        assertEquals(0, shaper.release(5 * MS).size());
        assertEquals(1, shaper.release(6 * MS).size());
    }

    @Test
    void framesBeyondTheQueueLimitAreDropped() throws KernelException {
        TransmitFilter shaper = shaper("1m", "1m", "1518", "1", "3");

        assertEquals(List.of(true, true, true, true, false), offer(shaper, 5, 1500, 0));

        String status = shaper.status();
        assertTrue(status.contains("sent           1 frames, 1500 bytes"), status);
        assertTrue(status.contains("queued         3 frames, 4500 bytes"), status);
        assertTrue(status.contains("dropped        1 frames, 1500 bytes"), status);
    }

    @Test
    void aQueueLimitOfZeroDropsEveryFrameThatCannotLeaveAtOnce() throws KernelException {
        TransmitFilter shaper = shaper("1m", "1m", "1518", "1", "0");

        assertEquals(List.of(true, false), offer(shaper, 2, 1500, 0));
    }

    @Test
    void queuedFramesLeaveInTheOrderTheyWereOffered() throws KernelException {
        TransmitFilter shaper = shaper("1m", "2m", "16k", "5");
        List<Frame> offered = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Frame frame = new Frame(64 + 37 * i, i);
            offered.add(frame);
            assertTrue(shaper.offer(frame, i));
        }

        List<Frame> released = new ArrayList<>();
        for (long now = 0; now <= SECOND; now += MS) {
            released.addAll(shaper.release(now));
        }

        assertEquals(offered, released);
    }

    @Test
    void aShortFrameDoesNotOvertakeAQueuedLongOne() throws KernelException {
        TransmitFilter shaper = shaper("1m", "1m", "1518");
        Frame first = new Frame(1500, 0);
        Frame waitingLong = new Frame(1500, 1);
        Frame shortBehind = new Frame(64, 2);
        shaper.offer(first, 0);
        shaper.offer(waitingLong, 0);

        // After 1 ms both buckets hold 18 + 131 bytes: enough for 64, not for 1500.
        assertTrue(shaper.offer(shortBehind, MS));

        assertEquals(List.of(first), shaper.release(MS));
        List<Frame> rest = new ArrayList<>();
        for (long now = MS; now <= 50 * MS; now += MS) {
            rest.addAll(shaper.release(now));
        }
        assertEquals(List.of(waitingLong, shortBehind), rest);
    }

    @Test
    void aFrameLongerThanABucketIsDroppedAtOnce() throws KernelException {
        TransmitFilter shaper = shaper("1m", "1m", "1518");

        assertFalse(shaper.offer(new Frame(9000, 0), 0));

        assertTrue(shaper.status().contains("oversized      1 frames"), shaper.status());
        assertTrue(shaper.status().contains("dropped        1 frames, 9000 bytes"), shaper.status());
        assertTrue(shaper.offer(new Frame(1518, 0), 0), "the buckets were left untouched");
    }

    @Test
    void anIdleShaperSavesNoMoreThanTheBurstSize() throws KernelException {
        TransmitFilter shaper = shaper("1m", "10m", "16000", "100");
        offer(shaper, 10, 1500, 0);
        shaper.release(0);

        long anHourLater = 3600 * SECOND;
        offer(shaper, 20, 1500, anHourLater);

        assertEquals(10, shaper.release(anHourLater).size(), "10 * 1500 = 15000 bytes fit in 16000, 11 do not");
    }

    @Test
    void aClockThatStepsBackAddsNoTokens() throws KernelException {
        TransmitFilter shaper = shaper("1m", "1m", "1518");
        long start = 10 * SECOND;
        offer(shaper, 2, 1500, start);
        assertEquals(1, shaper.release(start).size());

        assertEquals(0, shaper.release(5 * SECOND).size(), "going back in time earns nothing");
        // From 18 bytes, 1m bits/s needs 11.3 ms to reach 1500, counted from the latest time seen.
        assertEquals(0, shaper.release(start + 11 * MS).size());
        assertEquals(1, shaper.release(start + 12 * MS).size());
    }

    @Test
    void releaseIsEmptyWhenNothingIsDue() throws KernelException {
        TransmitFilter shaper = shaper("1m", "2m", "16k");

        assertEquals(List.of(), shaper.release(0));
        assertEquals(List.of(), shaper.release(SECOND));
    }

    @Test
    void statusShowsTheSettingsAndTheCountersOneALine() throws KernelException {
        TransmitFilter shaper = shaper("1m", "2m", "16k", "10", "50");
        offer(shaper, 2, 1000, 0);

        String status = shaper.status();

        assertEquals("""
                class          nfshaper
                bpsAverage     1048576 bits/s
                bpsPeak        2097152 bits/s
                burstSize      16384 bytes
                periodPeak     10 ms
                maxQueue       50 frames
                averageBucket  14384 of 16384 bytes
                peakBucket     621 of 2621 bytes
                sent           2 frames, 2000 bytes
                queued         0 frames, 0 bytes
                dropped        0 frames, 0 bytes
                oversized      0 frames
                achieved       0 bits/s
                """, status);
    }

    @Test
    void statusSaysNoneWhenNoPeakPeriodWasGiven() throws KernelException {
        assertTrue(shaper("1m", "2m", "16k").status().contains("periodPeak     none\n"));
    }

    @Test
    void configureTakesNewSettingsKeepingCountersAndTheQueueLimit() throws KernelException {
        TransmitFilter shaper = shaper("1m", "2m", "16k", "10", "50");
        offer(shaper, 2, 1000, 0);

        shaper.configure(List.of("2m", "4m", "32k"));

        String status = shaper.status();
        assertTrue(status.contains("bpsAverage     2097152 bits/s\n"), status);
        assertTrue(status.contains("burstSize      32768 bytes\n"), status);
        assertTrue(status.contains("periodPeak     none\n"), status);
        assertTrue(status.contains("maxQueue       50 frames\n"), status);
        assertTrue(status.contains("averageBucket  32768 of 32768 bytes\n"), status);
        assertTrue(status.contains("sent           2 frames, 2000 bytes\n"), status);
    }

    @Test
    void configureRefusesBadSettingsAndChangesNothing() throws KernelException {
        TransmitFilter shaper = shaper("1m", "2m", "16k");
        String before = shaper.status();

        KernelException e = org.junit.jupiter.api.Assertions.assertThrows(KernelException.class,
                () -> shaper.configure(List.of("2m", "1m", "16k")));

        assertEquals(org.dlkm.kernel.Errno.EINVAL.number(), e.number());
        assertEquals(before, shaper.status());
    }

    @Test
    void maxQueueChangesTheLimitAndRefusesOneOutOfRange() throws KernelException {
        TransmitFilter shaper = shaper("1m", "1m", "1518", "1", "3");
        shaper.maxQueue(0);
        offer(shaper, 2, 1500, 0);
        assertTrue(shaper.status().contains("dropped        1 frames, 1500 bytes"), shaper.status());

        assertEquals(org.dlkm.kernel.Errno.EINVAL.number(), org.junit.jupiter.api.Assertions.assertThrows(
                KernelException.class, () -> shaper.maxQueue(-1)).number());
        assertTrue(shaper.status().contains("maxQueue       0 frames"), shaper.status());
    }

    @Test
    void resetZeroesTheCountersAndTheAchievedRate() throws KernelException {
        TransmitFilter shaper = shaper("1m", "2m", "16k");
        offer(shaper, 2, 1000, 0);
        shaper.release(SECOND);
        assertTrue(shaper.status().contains("achieved       16000 bits/s"), shaper.status());

        shaper.reset();

        String status = shaper.status();
        assertTrue(status.contains("sent           0 frames, 0 bytes"), status);
        assertTrue(status.contains("achieved       0 bits/s"), status);
    }

    @Test
    void statusAsOfATimeShowsTheBucketsFilledMeanwhileAndReleasesNothing() throws KernelException {
        TransmitFilter shaper = shaper("1m", "2m", "160k");
        offer(shaper, 200, 1000, 0);
        int first = shaper.release(0).size();
        String stale = shaper.status();

        String idle = shaper.status(10 * SECOND);

        assertEquals(1, first, "the 1518-byte peak bucket lets one frame leave at once");
        assertTrue(stale.contains("\npeakBucket     518 of 1518 bytes\n"), stale);
        assertTrue(idle.contains("\naverageBucket  163840 of 163840 bytes\npeakBucket     1518 of 1518 bytes\n"), idle);
        assertEquals(first, Integer.parseInt(idle.replaceAll("(?s).*\nsent +([0-9]+) frames.*", "$1")),
                "reading the status sent nothing");
        List<Frame> due = shaper.release(10 * SECOND);
        assertFalse(due.isEmpty(), "the frames whose turn came leave at the next release, not at the read");
    }
}
