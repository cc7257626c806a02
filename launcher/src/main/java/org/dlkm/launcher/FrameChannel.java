package org.dlkm.launcher;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Frames over a connected Unix-domain socket.
 *
 * <p>Threading: one thread reads ({@link #read}); any number write, each frame whole ({@link #write} is
 * synchronized). Closing from any thread ends a blocked read with an exception.
 */
final class FrameChannel implements AutoCloseable {

    /** The largest payload accepted: more means the other side does not speak this protocol. */
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(5);

    FrameChannel(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects to the socket.
     *
     * @throws IOException when nothing listens there (no such file, connection refused)
     */
    static FrameChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new FrameChannel(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The next frame, or {@code null} when the other side closed the connection between two frames.
     *
     * @throws EOFException when it closed in the middle of one
     */
    Frame read() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        header.flip();
        Frame.Type type;
        try {
            type = Frame.Type.of(header.get());
        } catch (IllegalArgumentException e) {
            throw new IOException("the other side does not speak dlkm's attach protocol: " + e.getMessage(), e);
        }
        int length = header.getInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("the other side does not speak dlkm's attach protocol: a frame of " + length
                    + " bytes");
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        fill(payload, false);
        return new Frame(type, payload.array());
    }

    void write(Frame frame) throws IOException {
        write(frame.type(), frame.payload(), 0, frame.payload().length);
    }

    synchronized void write(Frame.Type type, byte[] payload, int offset, int length) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(5 + length);
        frame.put(type.code()).putInt(length).put(payload, offset, length).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /** Tells the other side that nothing more comes, keeping the way back open. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to say on this connection either way
        }
    }

    /** @return false when the stream ended before the first byte and {@code mayEnd} */
    private boolean fill(ByteBuffer buffer, boolean mayEnd) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (mayEnd && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("the connection closed in the middle of a frame");
            }
        }
        return true;
    }
}
