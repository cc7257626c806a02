package org.dlkm.nfshaper.internal;

/**
 * The validated settings of one shaper, as {@link ShaperArguments} parsed them.
 *
 * <p>Threading: immutable.
 *
 * @param bpsAverage the average rate in bits per second, positive
 * @param bpsPeak the peak rate in bits per second, at least {@code bpsAverage}
 * @param burstBytes the depth of the average bucket in bytes, from {@value #MAX_FRAME_BYTES} to
 *        {@value #MAX_BUCKET_BYTES}
 * @param periodPeakMillis the peak period in milliseconds, or {@value #NO_PERIOD} when none was given
 * @param maxQueue how many frames may wait for tokens before further frames are dropped
 */
record ShaperSettings(long bpsAverage, long bpsPeak, long burstBytes, long periodPeakMillis, int maxQueue) {

    /** The longest Ethernet frame, with its header and checksum. */
    static final int MAX_FRAME_BYTES = 1518;

    /** The deepest bucket, 1024m bytes; it keeps the bucket arithmetic exact within a {@code long}. */
    static final long MAX_BUCKET_BYTES = 1024L * 1024 * 1024;

    /** The value of {@link #periodPeakMillis} when no peak period was given. */
    static final long NO_PERIOD = 0;

    /** @return whether a peak period was given */
    boolean hasPeakPeriod() {
        return periodPeakMillis != NO_PERIOD;
    }

    /**
     * The depth of the peak bucket: the bytes the peak rate sends in the peak period, and never less than one
     * maximum frame, so that every frame the average bucket can hold can also pass the peak bucket. Without a peak
     * period it is one maximum frame: frames leave no faster than the peak rate, one after another.
     *
     * @return the depth in bytes
     */
    long peakDepthBytes() {
        if (!hasPeakPeriod()) {
            return MAX_FRAME_BYTES;
        }
        return Math.max(MAX_FRAME_BYTES, bytesSentAtPeakIn(bpsPeak, periodPeakMillis));
    }

    /** @return the bytes {@code bitsPerSecond} sends in {@code millis}, rounded down; the caller avoids overflow */
    static long bytesSentAtPeakIn(long bitsPerSecond, long millis) {
        return Math.multiplyExact(bitsPerSecond, millis) / 8000;
    }

    /** @return the longest frame both buckets can ever hold; longer frames can never pass */
    long largestFrameBytes() {
        return Math.min(burstBytes, peakDepthBytes());
    }
}
