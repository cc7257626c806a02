package org.dlkm.kernel.net;

/**
 * A frame passing through a transmit filter: how long it is and when it was offered.
 *
 * @param length the frame length in bytes
 * @param offeredNanos the time it was offered, on the filter's clock
 */
public record Frame(int length, long offeredNanos) {
    /** Checks the length. */
    public Frame {
        if (length <= 0) {
            throw new IllegalArgumentException("frame length must be positive: " + length);
        }
    }
}
