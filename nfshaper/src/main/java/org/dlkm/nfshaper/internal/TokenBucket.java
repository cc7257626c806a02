package org.dlkm.nfshaper.internal;

/**
 * One token bucket measured in bytes: it fills at a fixed bit rate up to its depth, and a frame leaves only by
 * taking as many tokens as it has bytes. The arithmetic is exact: besides whole bytes it keeps the fraction of a
 * byte earned so far, in units of one bit-nanosecond ({@value #UNITS_PER_BYTE} to the byte), so no rounding error
 * accumulates however the elapsed time is cut up.
 *
 * <p>A bucket starts full. Depths are at most {@link ShaperSettings#MAX_BUCKET_BYTES}, which keeps every product
 * within a {@code long}.
 *
 * <p>Threading: not thread-safe; its owner calls it from one thread at a time.
 */
final class TokenBucket {

    /** Bits per byte times nanoseconds per second: a rate in bits/s earns this many units per byte per ns. */
    static final long UNITS_PER_BYTE = 8L * 1_000_000_000L;

    private final long bitsPerSecond;
    private final long depthBytes;
    private long tokens;
    private long fractionUnits;

    /**
     * @param bitsPerSecond the fill rate, positive
     * @param depthBytes the depth, from 1 to {@link ShaperSettings#MAX_BUCKET_BYTES}
     */
    TokenBucket(long bitsPerSecond, long depthBytes) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("bucket rate must be positive: " + bitsPerSecond);
        }
        if (depthBytes <= 0 || depthBytes > ShaperSettings.MAX_BUCKET_BYTES) {
            throw new IllegalArgumentException("bucket depth must be 1 to " + ShaperSettings.MAX_BUCKET_BYTES
                    + " bytes: " + depthBytes);
        }
        this.bitsPerSecond = bitsPerSecond;
        this.depthBytes = depthBytes;
        this.tokens = depthBytes;
    }

    /** Adds the tokens earned in {@code elapsedNanos}, up to the depth. */
    void refill(long elapsedNanos) {
        if (elapsedNanos <= 0 || tokens == depthBytes) {
            return;
        }
        long missingUnits = (depthBytes - tokens) * UNITS_PER_BYTE - fractionUnits;
        long nanosToFill = ceilDiv(missingUnits, bitsPerSecond);
        if (elapsedNanos >= nanosToFill) {
            tokens = depthBytes;
            fractionUnits = 0;
            return;
        }
        // elapsedNanos * bitsPerSecond < missingUnits here, so nothing overflows.
        long earnedUnits = elapsedNanos * bitsPerSecond + fractionUnits;
        tokens += earnedUnits / UNITS_PER_BYTE;
        fractionUnits = earnedUnits % UNITS_PER_BYTE;
    }

    private static long ceilDiv(long dividend, long divisor) {
        long quotient = dividend / divisor;
        return dividend % divisor == 0 ? quotient : quotient + 1;
    }

    /** @return whether the bucket holds at least {@code bytes} tokens */
    boolean holds(int bytes) {
        return tokens >= bytes;
    }

    /** Takes {@code bytes} tokens; the caller has checked {@link #holds}. */
    void take(int bytes) {
        if (tokens < bytes) {
            throw new IllegalStateException("bucket holds " + tokens + " bytes, cannot take " + bytes);
        }
        tokens -= bytes;
    }

    /** @return the whole bytes of tokens held */
    long tokens() {
        return tokens;
    }

    /** @return the depth in bytes */
    long depthBytes() {
        return depthBytes;
    }
}
