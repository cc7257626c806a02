package org.dlkm.driver.e100.internal;

import java.util.function.LongSupplier;

/**
 * The card's transmit ring: {@code size} descriptors, each holding one frame until the card has put it on the wire.
 * The card sends one frame at a time at the link's speed, so a frame queued behind others completes after them; a
 * descriptor is free again once its frame is sent (the transmit-complete interrupt that e100's {@code e100_tx_clean}
 * answers). A full ring refuses a frame, as a real driver stops its queue.
 *
 * <p>On the wire a frame also takes its checksum, preamble and inter-frame gap: {@link #WIRE_OVERHEAD} bytes.
 *
 * <p>Thread-safe: every method is synchronized; the clock is read under the lock.
 */
final class TxRing {
    /** Frame check sequence (4), preamble and start delimiter (8), inter-frame gap (12). */
    static final int WIRE_OVERHEAD = 24;

    private final long[] doneAt;
    private final long bitsPerSecond;
    private final LongSupplier nanoClock;
    private int head;
    private int used;
    private long wireFreeAt;

    /**
     * @param size the number of descriptors ({@code TxDescriptors})
     * @param bitsPerSecond the link's speed
     * @param nanoClock the clock, {@link System#nanoTime} on a card
     */
    TxRing(int size, long bitsPerSecond, LongSupplier nanoClock) {
        this.doneAt = new long[size];
        this.bitsPerSecond = bitsPerSecond;
        this.nanoClock = nanoClock;
    }

    /**
     * Queues one frame for the wire.
     *
     * @param frameBytes the frame's length, without its checksum
     * @return false if every descriptor holds a frame not yet sent
     */
    synchronized boolean offer(int frameBytes) {
        long now = nanoClock.getAsLong();
        reclaim(now);
        if (used == doneAt.length) {
            return false;
        }
        long start = used == 0 || wireFreeAt - now < 0 ? now : wireFreeAt;
        long done = start + (frameBytes + WIRE_OVERHEAD) * 8L * 1_000_000_000L / bitsPerSecond;
        doneAt[(head + used) % doneAt.length] = done;
        used++;
        wireFreeAt = done;
        return true;
    }

    /** @return the descriptors holding a frame not yet sent */
    synchronized int inUse() {
        reclaim(nanoClock.getAsLong());
        return used;
    }

    /** @return the number of descriptors */
    int size() {
        return doneAt.length;
    }

    /** Drops every frame not yet sent: the interface went down. */
    synchronized void clear() {
        head = 0;
        used = 0;
    }

    private void reclaim(long now) {
        while (used > 0 && doneAt[head] - now <= 0) {
            head = (head + 1) % doneAt.length;
            used--;
        }
    }
}
