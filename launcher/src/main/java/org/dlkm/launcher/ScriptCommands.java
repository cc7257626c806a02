package org.dlkm.launcher;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A script's commands on their way to a kernel, which may take more than one try: an attached shell sends commands
 * ahead of the kernel running them, and a kernel that halts before running any of them leaves them to the next
 * kernel. Commands handed out and then {@link #giveBack given back} come again, first.
 *
 * <p>Read lazily from the source, one when asked (as {@code sh} reads a script), until {@link #readAhead}: then a
 * thread of its own reads the source, so that a command can be waited for with a timeout or an interrupt, and a
 * source blocked on standard input blocks nobody.
 *
 * <p>Threading: one thread at a time takes commands; {@link #giveBack} from the same thread, after the taker ended.
 */
final class ScriptCommands implements Iterator<String> {

    /** What ends the queue: the source has no more commands. */
    private static final Optional<String> END = Optional.empty();

    private final Iterator<String> source;
    private final Deque<String> givenBack = new ArrayDeque<>();
    private BlockingQueue<Optional<String>> queue;
    private String peeked;
    private boolean ended;

    ScriptCommands(Iterator<String> source) {
        this.source = source;
    }

    /** From now on, a thread of its own reads the source. */
    synchronized void readAhead() {
        if (queue != null) {
            return;
        }
        queue = new LinkedBlockingQueue<>();
        BlockingQueue<Optional<String>> ahead = queue;
        Thread reader = new Thread(new Runnable() { // not a lambda: the thin client's path (ThinClient)
            @Override
            public void run() {
                try {
                    while (source.hasNext()) {
                        ahead.add(Optional.of(source.next()));
                    }
                } finally {
                    ahead.add(END);
                }
            }
        }, "dlkm-script-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public boolean hasNext() {
        try {
            return take(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(new InterruptedIOException("interrupted while reading the script"));
        }
    }

    /**
     * Whether another command comes, waiting at most {@code timeoutMillis} for the source to tell (after
     * {@link #readAhead}); a source that has not told by then counts as having none.
     */
    boolean hasNext(long timeoutMillis) throws InterruptedException {
        return take(timeoutMillis);
    }

    /** Like {@link #next}, but an interrupt ends the wait, with {@code null}. */
    String nextInterruptibly() throws InterruptedException {
        return take(-1) ? consume() : null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return consume();
    }

    /** Commands taken that were not run: they come again, before any other. */
    synchronized void giveBack(List<String> commands) {
        if (peeked != null) {
            givenBack.addFirst(peeked);
            peeked = null;
        }
        for (int i = commands.size() - 1; i >= 0; i--) {
            givenBack.addFirst(commands.get(i));
        }
    }

    private synchronized String consume() {
        String command = peeked;
        peeked = null;
        return command;
    }

    private boolean take(long timeoutMillis) throws InterruptedException {
        BlockingQueue<Optional<String>> ahead;
        synchronized (this) {
            if (peeked != null) {
                return true;
            }
            if (!givenBack.isEmpty()) {
                peeked = givenBack.removeFirst();
                return true;
            }
            if (ended) {
                return false;
            }
            ahead = queue;
            if (ahead == null) {
                if (source.hasNext()) {
                    peeked = source.next();
                    return true;
                }
                ended = true;
                return false;
            }
        }
        Optional<String> command = timeoutMillis < 0 ? ahead.take() : ahead.poll(timeoutMillis,
                TimeUnit.MILLISECONDS);
        synchronized (this) {
            if (command == null) {
                return false;
            }
            if (command.isEmpty()) {
                ended = true;
                return false;
            }
            peeked = command.get();
            return true;
        }
    }
}
