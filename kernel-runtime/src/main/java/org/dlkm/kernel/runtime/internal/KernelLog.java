package org.dlkm.kernel.runtime.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The kernel's message log, the analogue of the VMkernel log: the last {@value #CAPACITY} lines, readable at
 * {@code /proc/vmware/log}.
 *
 * <p>Threading: every method may be called from any thread; appends and reads are serialised on the log.
 */
public final class KernelLog {
    static final int CAPACITY = 1000;

    /** Where each line goes besides the log itself (the OSGi Logger). */
    @FunctionalInterface
    public interface Sink {
        void forward(String source, String message);
    }

    private final Deque<String> lines = new ArrayDeque<>();
    private final Clock clock;
    private volatile Sink sink;

    public KernelLog(Clock clock) {
        this.clock = clock;
    }

    public void log(String source, String message) {
        synchronized (this) {
            if (lines.size() == CAPACITY) {
                lines.removeFirst();
            }
            lines.addLast(Instant.now(clock) + " " + source + ": " + message);
        }
        Sink s = sink;
        if (s != null) {
            s.forward(source, message);
        }
    }

    /** Sends every line from now on to the sink as well, outside the log's lock; null for none. */
    public void forwardTo(Sink sink) {
        this.sink = sink;
    }

    public synchronized String text() {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
