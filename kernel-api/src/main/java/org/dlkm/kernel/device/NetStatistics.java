package org.dlkm.kernel.device;

import java.util.Objects;

/**
 * Network interface counters, as {@code /proc/vmware/net/vmnicN} reports them. A driver builds them with
 * {@link #builder()}; a counter it does not set is 0, so that a counter added in a later minor version leaves
 * every driver source- and binary-compatible.
 *
 * <p>Threading: immutable; may be shared between threads. A {@link Builder} is for one thread.
 */
public final class NetStatistics {
    private final long txPackets;
    private final long txBytes;
    private final long rxPackets;
    private final long rxBytes;
    private final long txErrors;

    private NetStatistics(Builder b) {
        this.txPackets = b.txPackets;
        this.txBytes = b.txBytes;
        this.rxPackets = b.rxPackets;
        this.rxBytes = b.rxBytes;
        this.txErrors = b.txErrors;
    }

    /** @return a builder with every counter at 0 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return frames sent */
    public long txPackets() {
        return txPackets;
    }

    /** @return bytes sent */
    public long txBytes() {
        return txBytes;
    }

    /** @return frames received */
    public long rxPackets() {
        return rxPackets;
    }

    /** @return bytes received */
    public long rxBytes() {
        return rxBytes;
    }

    /** @return frames refused */
    public long txErrors() {
        return txErrors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetStatistics s && txPackets == s.txPackets && txBytes == s.txBytes
                && rxPackets == s.rxPackets && rxBytes == s.rxBytes && txErrors == s.txErrors;
    }

    @Override
    public int hashCode() {
        return Objects.hash(txPackets, txBytes, rxPackets, rxBytes, txErrors);
    }

    @Override
    public String toString() {
        return "NetStatistics[txPackets=" + txPackets + ", txBytes=" + txBytes + ", rxPackets=" + rxPackets
                + ", rxBytes=" + rxBytes + ", txErrors=" + txErrors + "]";
    }

    /**
     * Collects the counters of one {@link NetStatistics}. Each setter refuses a negative count with
     * {@link IllegalArgumentException}.
     *
     * <p>Threading: not thread-safe; build on one thread.
     */
    public static final class Builder {
        private long txPackets;
        private long txBytes;
        private long rxPackets;
        private long rxBytes;
        private long txErrors;

        private Builder() {
        }

        /** @param count frames sent */
        public Builder txPackets(long count) {
            this.txPackets = Counters.count("txPackets", count);
            return this;
        }

        /** @param count bytes sent */
        public Builder txBytes(long count) {
            this.txBytes = Counters.count("txBytes", count);
            return this;
        }

        /** @param count frames received */
        public Builder rxPackets(long count) {
            this.rxPackets = Counters.count("rxPackets", count);
            return this;
        }

        /** @param count bytes received */
        public Builder rxBytes(long count) {
            this.rxBytes = Counters.count("rxBytes", count);
            return this;
        }

        /** @param count frames refused */
        public Builder txErrors(long count) {
            this.txErrors = Counters.count("txErrors", count);
            return this;
        }

        /** @return the counters set so far; the builder may go on and build again */
        public NetStatistics build() {
            return new NetStatistics(this);
        }
    }
}
