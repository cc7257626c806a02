package org.dlkm.launcher;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream whose bytes travel as {@link Frame.Type#OUT} or {@link Frame.Type#ERR} frames: buffered, and
 * sent as one frame at each {@link #flush} (or when the buffer fills). Writing after the shell went away is
 * silently dropped: the session ends when its input does.
 *
 * <p>Thread-safe: commands may print from several threads; each flush sends what was written before it.
 */
final class FrameOutputStream extends OutputStream {

    private static final int BUFFER = 8192;

    private final FrameChannel channel;
    private final Frame.Type type;
    private final byte[] buffer = new byte[BUFFER];
    private int count;
    private boolean broken;

    FrameOutputStream(FrameChannel channel, Frame.Type type) {
        this.channel = channel;
        this.type = type;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (count == buffer.length) {
            flush();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (count == buffer.length) {
                flush();
            }
            int n = Math.min(length, buffer.length - count);
            System.arraycopy(bytes, offset, buffer, count, n);
            count += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public synchronized void flush() {
        if (count == 0) {
            return;
        }
        if (!broken) {
            try {
                channel.write(type, buffer, 0, count);
            } catch (IOException e) {
                broken = true;
            }
        }
        count = 0;
    }

    @Override
    public void close() {
        flush();
    }
}
