package org.dlkm.nfshaper.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.net.Frame;
import org.dlkm.kernel.net.TransmitFilter;

/**
 * One {@code nfshaper} filter instance: a dual token bucket shaper on one virtual machine's transmit path.
 *
 * <ul>
 * <li>The <em>average</em> bucket fills at {@code bpsAverage / 8} bytes per second up to {@code burstSize} bytes:
 * over time no more than the average rate leaves, after an idle spell at most a burst of {@code burstSize}.</li>
 * <li>The <em>peak</em> bucket fills at {@code bpsPeak / 8} bytes per second up to the bytes the peak rate sends in
 * {@code periodPeak} (one maximum frame if no period was given, and never less): even a burst leaves no faster
 * than the peak rate beyond that depth.</li>
 * </ul>
 *
 * A frame leaves when both buckets hold its length, taking that many tokens from each. Otherwise it waits in a FIFO
 * queue of at most {@code maxQueue} frames; a frame offered to a full queue is dropped. Frames never overtake one
 * another: while any frame waits, a new one queues behind it even if it would fit. A frame longer than either
 * bucket's depth could never leave and is dropped at once. Both buckets start full.
 *
 * <p>Frames that may leave are handed out by the next {@link #release} call, in the order they were offered.
 * Time is the caller's: every call carries the current time in nanoseconds on a monotonic clock; the shaper never
 * reads a clock or sleeps. The first call starts its clock; a time earlier than one already seen counts as no time
 * passing.
 *
 * <p>Threading: not thread-safe. Call it from one thread at a time, as the kernel does for every
 * {@link TransmitFilter}; a caller that moves it between threads must provide the happens-before ordering itself
 * (for example by calling under one lock).
 */
public final class TwoBucketShaper implements TransmitFilter {

    private ShaperSettings settings;
    private TokenBucket average;
    private TokenBucket peak;
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    private final List<Frame> leaving = new ArrayList<>();

    private boolean clockStarted;
    private long lastNanos;
    /** When the counters started: the first call, or the first call after {@link #reset}. */
    private long countingSinceNanos;
    private boolean countingStarted;

    private long waitingBytes;
    private long sentFrames;
    private long sentBytes;
    private long droppedFrames;
    private long droppedBytes;
    private long oversizedFrames;

    /** @param settings validated settings, as {@link ShaperArguments} makes them */
    TwoBucketShaper(ShaperSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.average = new TokenBucket(settings.bpsAverage(), settings.burstBytes());
        this.peak = new TokenBucket(settings.bpsPeak(), settings.peakDepthBytes());
    }

    /**
     * Offers a frame: it leaves at once if nothing waits and both buckets hold its length, else it waits its turn,
     * else (queue full, or longer than a bucket can ever hold) it is dropped.
     *
     * @return true if it was sent or queued, false if it was dropped
     */
    @Override
    public boolean offer(Frame frame, long nowNanos) {
        Objects.requireNonNull(frame, "frame");
        advanceClock(nowNanos);
        admitWaitingFrames();
        if (frame.length() > settings.largestFrameBytes()) {
            oversizedFrames++;
            drop(frame);
            return false;
        }
        if (waiting.isEmpty() && conforms(frame)) {
            send(frame);
            return true;
        }
        if (waiting.size() >= settings.maxQueue()) {
            drop(frame);
            return false;
        }
        waiting.addLast(frame);
        waitingBytes += frame.length();
        return true;
    }

    /**
     * Refills both buckets for the time passed and hands out every frame whose turn has come: those sent at once
     * by {@link #offer} since the last call, then queued frames in order while both buckets hold the next one.
     *
     * @return the frames to transmit now, in order; empty if none
     */
    @Override
    public List<Frame> release(long nowNanos) {
        advanceClock(nowNanos);
        admitWaitingFrames();
        if (leaving.isEmpty()) {
            return List.of();
        }
        List<Frame> released = List.copyOf(leaving);
        leaving.clear();
        return released;
    }

    /**
     * The status as of a time: the buckets filled and the achieved rate taken up to it, as a frame offered then
     * would find them; no frame is released by it.
     */
    @Override
    public String status(long nowNanos) {
        advanceClock(nowNanos);
        return status();
    }

    /**
     * @return the settings, the buckets as of the last offer, release or status, and the counters, one
     *     {@code name value} pair a line
     */
    @Override
    public String status() {
        StringBuilder out = new StringBuilder();
        line(out, "class", NfShaperClass.NAME);
        line(out, "bpsAverage", settings.bpsAverage() + " bits/s");
        line(out, "bpsPeak", settings.bpsPeak() + " bits/s");
        line(out, "burstSize", settings.burstBytes() + " bytes");
        line(out, "periodPeak", settings.hasPeakPeriod() ? settings.periodPeakMillis() + " ms" : "none");
        line(out, "maxQueue", settings.maxQueue() + " frames");
        line(out, "averageBucket", average.tokens() + " of " + average.depthBytes() + " bytes");
        line(out, "peakBucket", peak.tokens() + " of " + peak.depthBytes() + " bytes");
        line(out, "sent", sentFrames + " frames, " + sentBytes + " bytes");
        line(out, "queued", waiting.size() + " frames, " + waitingBytes + " bytes");
        line(out, "dropped", droppedFrames + " frames, " + droppedBytes + " bytes");
        line(out, "oversized", oversizedFrames + " frames");
        line(out, "achieved", achievedBitsPerSecond() + " bits/s");
        return out.toString();
    }

    /**
     * Takes new settings: {@code <bpsAverage> <bpsPeak> <burstSize> [<periodPeak>] [<maxQueue>]}, the queue limit
     * staying as it is when none is given. Both buckets start full at their new depths; the counters and the frames
     * waiting stay, and the waiting frames leave under the new settings.
     *
     * @throws KernelException {@code EINVAL} naming the bad argument; nothing changes then
     */
    @Override
    public void configure(List<String> arguments) throws KernelException {
        ShaperSettings next = ShaperArguments.parse(arguments, settings.maxQueue());
        settings = next;
        average = new TokenBucket(next.bpsAverage(), next.burstBytes());
        peak = new TokenBucket(next.bpsPeak(), next.peakDepthBytes());
    }

    /**
     * Sets the queue limit; frames already waiting beyond it stay, and frames offered while the queue is that full
     * are dropped.
     *
     * @throws KernelException {@code EINVAL} for a limit outside 0 to {@value ShaperArguments#MAX_QUEUE_LIMIT}
     */
    @Override
    public void maxQueue(int frames) throws KernelException {
        if (frames < 0 || frames > ShaperArguments.MAX_QUEUE_LIMIT) {
            throw new KernelException(Errno.EINVAL, "queue limit " + frames + " is out of range: expected 0 to "
                    + ShaperArguments.MAX_QUEUE_LIMIT + " frames");
        }
        settings = new ShaperSettings(settings.bpsAverage(), settings.bpsPeak(), settings.burstBytes(),
                settings.periodPeakMillis(), frames);
    }

    /** Sets the sent, dropped and oversized counters and the achieved rate back to zero; the queue stays. */
    @Override
    public void reset() {
        sentFrames = 0;
        sentBytes = 0;
        droppedFrames = 0;
        droppedBytes = 0;
        oversizedFrames = 0;
        countingStarted = false;
    }

    /** @return the bits per second sent since the counters started, over the time the shaper has seen pass */
    private long achievedBitsPerSecond() {
        if (!countingStarted || lastNanos - countingSinceNanos <= 0) {
            return 0;
        }
        return java.math.BigInteger.valueOf(sentBytes).multiply(java.math.BigInteger.valueOf(8_000_000_000L))
                .divide(java.math.BigInteger.valueOf(lastNanos - countingSinceNanos)).longValue();
    }

    private void advanceClock(long nowNanos) {
        if (!countingStarted) {
            countingStarted = true;
            countingSinceNanos = clockStarted && nowNanos - lastNanos < 0 ? lastNanos : nowNanos;
        }
        if (!clockStarted) {
            clockStarted = true;
            lastNanos = nowNanos;
            return;
        }
        if (nowNanos - lastNanos <= 0) {
            return;
        }
        long elapsed = nowNanos - lastNanos;
        average.refill(elapsed);
        peak.refill(elapsed);
        lastNanos = nowNanos;
    }

    private void admitWaitingFrames() {
        while (!waiting.isEmpty() && conforms(waiting.peekFirst())) {
            Frame next = waiting.removeFirst();
            waitingBytes -= next.length();
            send(next);
        }
    }

    private boolean conforms(Frame frame) {
        return average.holds(frame.length()) && peak.holds(frame.length());
    }

    private void send(Frame frame) {
        average.take(frame.length());
        peak.take(frame.length());
        leaving.add(frame);
        sentFrames++;
        sentBytes += frame.length();
    }

    private void drop(Frame frame) {
        droppedFrames++;
        droppedBytes += frame.length();
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format("%-14s %s", name, value)).append('\n');
    }
}
