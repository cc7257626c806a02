package org.dlkm.kernel.device;

import java.util.Objects;

/**
 * SCSI adapter counters, as {@code /proc/vmware/scsi/vmhbaN} reports them. A driver builds them with
 * {@link #builder()}; a counter it does not set is 0, so that a counter added in a later minor version leaves
 * every driver source- and binary-compatible.
 *
 * <p>Threading: immutable; may be shared between threads. A {@link Builder} is for one thread.
 */
public final class ScsiStatistics {
    private final long commands;
    private final long blocksRead;
    private final long blocksWritten;
    private final long errors;

    private ScsiStatistics(Builder b) {
        this.commands = b.commands;
        this.blocksRead = b.blocksRead;
        this.blocksWritten = b.blocksWritten;
        this.errors = b.errors;
    }

    /** @return a builder with every counter at 0 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return commands completed */
    public long commands() {
        return commands;
    }

    /** @return blocks read */
    public long blocksRead() {
        return blocksRead;
    }

    /** @return blocks written */
    public long blocksWritten() {
        return blocksWritten;
    }

    /** @return commands failed */
    public long errors() {
        return errors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScsiStatistics s && commands == s.commands && blocksRead == s.blocksRead
                && blocksWritten == s.blocksWritten && errors == s.errors;
    }

    @Override
    public int hashCode() {
        return Objects.hash(commands, blocksRead, blocksWritten, errors);
    }

    @Override
    public String toString() {
        return "ScsiStatistics[commands=" + commands + ", blocksRead=" + blocksRead + ", blocksWritten="
                + blocksWritten + ", errors=" + errors + "]";
    }

    /**
     * Collects the counters of one {@link ScsiStatistics}. Each setter refuses a negative count with
     * {@link IllegalArgumentException}.
     *
     * <p>Threading: not thread-safe; build on one thread.
     */
    public static final class Builder {
        private long commands;
        private long blocksRead;
        private long blocksWritten;
        private long errors;

        private Builder() {
        }

        /** @param count commands completed */
        public Builder commands(long count) {
            this.commands = Counters.count("commands", count);
            return this;
        }

        /** @param count blocks read */
        public Builder blocksRead(long count) {
            this.blocksRead = Counters.count("blocksRead", count);
            return this;
        }

        /** @param count blocks written */
        public Builder blocksWritten(long count) {
            this.blocksWritten = Counters.count("blocksWritten", count);
            return this;
        }

        /** @param count commands failed */
        public Builder errors(long count) {
            this.errors = Counters.count("errors", count);
            return this;
        }

        /** @return the counters set so far; the builder may go on and build again */
        public ScsiStatistics build() {
            return new ScsiStatistics(this);
        }
    }
}
