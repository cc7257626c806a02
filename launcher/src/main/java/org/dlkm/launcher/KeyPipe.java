package org.dlkm.launcher;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The keystrokes of one terminal session, on their way from the keyboard (a pump thread reading the local terminal,
 * or the frames of an attached shell) to the kernel's shell. The kernel's shell reads them through a {@link #open
 * feed}; a feed can be ended on its own ({@link Feed#end}), which the shell reading it sees as the end of its input:
 * that is how {@code exit} and a reboot end the shell while the session, and its keyboard, go on. A new feed then
 * reads the keystrokes that follow.
 *
 * <p>Thread-safe: one thread writes, the reader of the current feed reads, any thread ends a feed or the input.
 */
final class KeyPipe {

    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private int offset;
    private boolean endOfInput;
    private Feed current;

    /** Queues keystrokes. */
    synchronized void write(byte[] bytes, int from, int length) {
        if (length > 0) {
            byte[] chunk = new byte[length];
            System.arraycopy(bytes, from, chunk, 0, length);
            chunks.add(chunk);
            notifyAll();
        }
    }

    /** The keyboard is gone (the shell disconnected, the terminal ended): every feed ends once it is read dry. */
    synchronized void endOfInput() {
        endOfInput = true;
        notifyAll();
    }

    synchronized boolean hasEnded() {
        return endOfInput && chunks.isEmpty();
    }

    /** A new feed, which reads from now on; the previous one ends. */
    synchronized Feed open() {
        if (current != null) {
            current.ended = true;
        }
        current = new Feed();
        notifyAll();
        return current;
    }

    private synchronized int read(Feed feed, byte[] into, int from, int length) throws InterruptedException {
        while (chunks.isEmpty() && !endOfInput && !feed.ended) {
            wait();
        }
        if (feed.ended || chunks.isEmpty()) {
            return -1;
        }
        byte[] chunk = chunks.peek();
        int n = Math.min(length, chunk.length - offset);
        System.arraycopy(chunk, offset, into, from, n);
        offset += n;
        if (offset == chunk.length) {
            chunks.remove();
            offset = 0;
        }
        return n;
    }

    /** One reader's view of the keystrokes, ended by {@link #end} or by the end of the input. */
    final class Feed extends InputStream {
        private boolean ended;

        /** Ends this feed: its reader sees the end of its input at once. */
        void end() {
            synchronized (KeyPipe.this) {
                ended = true;
                KeyPipe.this.notifyAll();
            }
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int from, int length) throws java.io.IOException {
            if (length == 0) {
                return 0;
            }
            try {
                return KeyPipe.this.read(this, into, from, length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for keystrokes");
            }
        }

        @Override
        public void close() {
            end();
        }
    }
}
