package org.dlkm.bench;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.net.Frame;
import org.dlkm.kernel.net.TransmitFilter;
import org.dlkm.kernel.net.TransmitFilterClass;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * P6: the cost per frame of an {@code nfshaper} shaper, against a pass-through filter making the same calls in the
 * same run. One operation is what a transmit path does for each frame: {@code offer(frame, now)} then
 * {@code release(now)}, on a virtual clock that every operation advances by a fixed step (no sleeping, no clock
 * read); the offer's verdict and the released list go to a {@link Blackhole}.
 * <ul>
 * <li>{@code shaper}: frames offered below the average rate ({@value #UNDER_RATE_STEP} ns per 1500-byte frame, about
 * 60 Mbit/s against an average of {@value #AVERAGE}): every frame leaves at once, the common case.</li>
 * <li>{@code shaperSaturated}: frames offered above both rates ({@value #SATURATING_STEP} ns per frame, about
 * 240 Mbit/s): the queue stays full, each release hands out the frames the buckets allow and further offers are
 * dropped.</li>
 * <li>{@code passThrough}: the baseline, a filter accepting every frame and handing it out at the next release, in
 * the same way as the shaper does (a pending list, an immutable copy released): what any filter costs on the path,
 * so that the difference is the shaping.</li>
 * </ul>
 * The shaper is the shipped module's own class, as the kernel reaches it: {@code NfShaperClass} is loaded from
 * {@code modules/nfshaper.jar} by a class loader whose parent holds the kernel API (the one copy the module's imports
 * would wire to), instantiated as the module's {@code load} does, and each shaper is made by
 * {@link TransmitFilterClass#create}, the class's one way to make a filter, from the arguments an administrator would
 * write: {@value #ARGUMENTS}. The
 * module's package is private, so the benchmark names no class of it. JMH forks a JVM per benchmark method, so
 * each call site sees one filter class, as one attached filter's path does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShaperBenchmark {
    /** The average rate of the shaper, in bits per second (100 * 1024 * 1024). */
    static final String AVERAGE = "100m";
    /** {@code <bpsAverage> <bpsPeak> <burstSize>}: 100 Mbit/s average, 200 Mbit/s peak, a 16 KiB burst. */
    static final String ARGUMENTS = AVERAGE + " 200m 16k";
    /** The frame length: a full Ethernet payload. */
    static final int FRAME_BYTES = 1500;
    /** Virtual nanoseconds per frame below the average rate: 1500 bytes per 200 us is 60 Mbit/s. */
    static final long UNDER_RATE_STEP = 200_000;
    /** Virtual nanoseconds per frame above both rates: 1500 bytes per 50 us is 240 Mbit/s. */
    static final long SATURATING_STEP = 50_000;
    /** The module's filter class, in its jar's private package. */
    static final String FILTER_CLASS = "org.dlkm.nfshaper.internal.NfShaperClass";

    /** One filter on a virtual clock. */
    @State(Scope.Thread)
    public abstract static class FilterOnClock {
        TransmitFilter filter;
        /** A non-final field, so that the JIT cannot fold the clock. */
        long step;
        long now;
        Frame frame;

        /** @return the filter under measurement, fresh: full buckets, an empty queue */
        abstract TransmitFilter filter() throws Exception;

        /** @return the virtual nanoseconds between two frames */
        abstract long step();

        @Setup(Level.Trial)
        public void attach() throws Exception {
            filter = filter();
            step = step();
            now = 0;
            frame = new Frame(FRAME_BYTES, now);
        }

        /** One frame's work: offered at the next tick, then whatever may leave released. */
        final void oneFrame(Blackhole bh) {
            long t = now += step;
            bh.consume(filter.offer(frame, t));
            bh.consume(filter.release(t));
        }
    }

    /** A shaper from the shipped module, checked after the trial against the state its case claims. */
    public abstract static class ShaperOnClock extends FilterOnClock {
        ShaperModule module;

        @Override
        TransmitFilter filter() throws Exception {
            module = ShaperModule.open();
            return module.create();
        }

        /** @return a fragment the shaper's status must hold after the trial, such as {@code dropped 0 frames} */
        abstract String expectedStatus();

        /**
         * Fails the trial if the shaper was not measured in the state its case claims.
         *
         * @throws IllegalStateException if its {@code /proc} status (spaces collapsed) lacks {@link #expectedStatus}
         */
        @TearDown(Level.Trial)
        public void detach() throws Exception {
            String status = filter.status();
            try {
                if (!status.replaceAll(" +", " ").contains(expectedStatus())) {
                    throw new IllegalStateException("P6: the shaper's status lacks '" + expectedStatus()
                            + "' after the trial, so it was not measured in the state its case claims:\n" + status);
                }
            } finally {
                module.close();
            }
        }
    }

    /** The shaper fed below its average rate: nothing waits, nothing is dropped. */
    public static class Conforming extends ShaperOnClock {
        @Override
        long step() {
            return UNDER_RATE_STEP;
        }

        @Override
        String expectedStatus() {
            return "dropped 0 frames";
        }
    }

    /** The shaper fed above both its rates: the queue at its default limit of 100 frames. */
    public static class Saturated extends ShaperOnClock {
        @Override
        long step() {
            return SATURATING_STEP;
        }

        @Override
        String expectedStatus() {
            return "queued 100 frames";
        }
    }

    /** The baseline fed at the common case's pace. */
    public static class Baseline extends FilterOnClock {
        @Override
        TransmitFilter filter() {
            return new PassThroughFilter();
        }

        @Override
        long step() {
            return UNDER_RATE_STEP;
        }
    }

    @Benchmark
    public void shaper(Conforming path, Blackhole bh) {
        path.oneFrame(bh);
    }

    @Benchmark
    public void shaperSaturated(Saturated path, Blackhole bh) {
        path.oneFrame(bh);
    }

    @Benchmark
    public void passThrough(Baseline path, Blackhole bh) {
        path.oneFrame(bh);
    }

    /**
     * The shipped {@code nfshaper} module's filter class, loaded from its jar beside the kernel API on the class
     * path, as the module's bundle would wire to it.
     */
    static final class ShaperModule implements AutoCloseable {
        private final URLClassLoader loader;
        private final TransmitFilterClass filterClass;

        private ShaperModule(URLClassLoader loader, TransmitFilterClass filterClass) {
            this.loader = loader;
            this.filterClass = filterClass;
        }

        static ShaperModule open() throws Exception {
            URL jar = Distribution.locate().module("nfshaper").toUri().toURL();
            URLClassLoader loader = new URLClassLoader("nfshaper", new URL[] {jar},
                    ShaperBenchmark.class.getClassLoader());
            Object made = loader.loadClass(FILTER_CLASS).getConstructor().newInstance();
            return new ShaperModule(loader, (TransmitFilterClass) made);
        }

        /** @return a new shaper made from {@link #ARGUMENTS} */
        TransmitFilter create() throws Exception {
            return filterClass.create(List.of(ARGUMENTS.split(" ")));
        }

        @Override
        public void close() throws Exception {
            loader.close();
        }
    }

    /**
     * A filter that accepts every frame and hands it out at the next release, by the same means as the shaper: a
     * pending list, released as an immutable copy. Not thread-safe, as no filter need be.
     */
    static final class PassThroughFilter implements TransmitFilter {
        private final List<Frame> pending = new ArrayList<>();
        private long passed;

        @Override
        public boolean offer(Frame frame, long nowNanos) {
            pending.add(frame);
            passed++;
            return true;
        }

        @Override
        public List<Frame> release(long nowNanos) {
            if (pending.isEmpty()) {
                return List.of();
            }
            List<Frame> released = List.copyOf(pending);
            pending.clear();
            return released;
        }

        @Override
        public String status() {
            return "class          pass-through\npassed         " + passed + " frames\n";
        }
    }
}
