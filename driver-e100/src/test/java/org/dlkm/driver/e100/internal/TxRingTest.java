package org.dlkm.driver.e100.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The ring frees a descriptor when the card has sent its frame at the link's speed, one frame after another. */
class TxRingTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** 1000-byte frames at 100 Mbit/s: (1000 + 24) * 8 bits = 81.92 us each. */
    private static final long FRAME_NANOS = (1000 + TxRing.WIRE_OVERHEAD) * 8L * 1_000_000_000L / 100_000_000L;

    @Test
    void aFullRingRefusesUntilTheCardHasSentTheFirstFrameQueued() {
        TxRing ring = new TxRing(4, 100_000_000L, now::get);
        for (int i = 0; i < 4; i++) {
            assertTrue(ring.offer(1000), "frame " + i);
        }
        assertFalse(ring.offer(1000), "five frames in four descriptors");
        assertEquals(4, ring.inUse());

        now.addAndGet(FRAME_NANOS - 1);
        assertFalse(ring.offer(1000), "the first frame is still on the wire");
        now.addAndGet(1);
        assertEquals(3, ring.inUse(), "the first frame is sent");
        assertTrue(ring.offer(1000));
        now.addAndGet(4 * FRAME_NANOS);
        assertEquals(0, ring.inUse(), "frames queued together are sent one after another");
    }

    @Test
    void framesOfferedSlowerThanTheLinkNeverFillTheRing() {
        TxRing ring = new TxRing(2, 100_000_000L, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(ring.offer(1000), "frame " + i);
            now.addAndGet(FRAME_NANOS);
        }
        assertEquals(0, ring.inUse());
    }

    @Test
    void aTenMegabitLinkSendsTenTimesSlower() {
        TxRing ring = new TxRing(1, 10_000_000L, now::get);
        assertTrue(ring.offer(1000));
        now.addAndGet(FRAME_NANOS);
        assertFalse(ring.offer(1000), "a 100 Mbit/s frame time is a tenth of it");
        now.addAndGet(9 * FRAME_NANOS);
        assertTrue(ring.offer(1000));
    }

    @Test
    void anIdleWireStartsTheNextFrameAtOnce() {
        TxRing ring = new TxRing(1, 100_000_000L, now::get);
        assertTrue(ring.offer(1000));
        now.addAndGet(100 * FRAME_NANOS);
        assertTrue(ring.offer(1000));
        now.addAndGet(FRAME_NANOS);
        assertEquals(0, ring.inUse(), "the second frame did not wait behind an old wire time");
    }

    @Test
    void clearFreesEveryDescriptor() {
        TxRing ring = new TxRing(2, 100_000_000L, now::get);
        ring.offer(1000);
        ring.offer(1000);
        ring.clear();
        assertEquals(0, ring.inUse());
        assertTrue(ring.offer(1000));
    }
}
