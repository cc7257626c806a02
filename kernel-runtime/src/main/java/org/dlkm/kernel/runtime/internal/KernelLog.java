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

    private final Deque<String> lines = new ArrayDeque<>();
    private final Clock clock;

    public KernelLog(Clock clock) {
        this.clock = clock;
    }

    public synchronized void log(String source, String message) {
        if (lines.size() == CAPACITY) {
            lines.removeFirst();
        }
        lines.addLast(Instant.now(clock) + " " + source + ": " + message);
    }

    public synchronized String text() {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
