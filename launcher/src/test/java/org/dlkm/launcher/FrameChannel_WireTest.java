package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames over a real Unix-domain socket pair. */
class FrameChannel_WireTest {

    @TempDir
    Path tmp;

    private ServerSocketChannel server;
    private FrameChannel shell;
    private SocketChannel kernelSide;

    @BeforeEach
    void connect() throws IOException {
        Path socket = tmp.resolve("s");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        shell = FrameChannel.connect(socket);
        kernelSide = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        shell.close();
        kernelSide.close();
        server.close();
    }

    @Test
    void aFrameIsItsTypeByteItsLengthAndItsPayload() throws IOException {
        shell.write(Frame.text(Frame.Type.LINE, "kmadmin -s"));

        ByteBuffer wire = ByteBuffer.allocate(15);
        while (wire.hasRemaining()) {
            kernelSide.read(wire);
        }
        assertArrayEquals(new byte[] {'L', 0, 0, 0, 10, 'k', 'm', 'a', 'd', 'm', 'i', 'n', ' ', '-', 's'},
                wire.array());
    }

    @Test
    void framesArriveWholeAndInOrder() throws IOException {
        FrameChannel kernel = new FrameChannel(kernelSide);
        kernel.write(Frame.fields(Frame.Type.WELCOME, Map.of("pid", "42")));
        kernel.write(Frame.text(Frame.Type.OUT, "é".repeat(10_000)));
        kernel.write(Frame.empty(Frame.Type.END));

        assertEquals(Map.of("pid", "42"), shell.read().fields());
        assertEquals("é".repeat(10_000), shell.read().text());
        assertEquals(Frame.Type.END, shell.read().type());
    }

    @Test
    void aConnectionClosedBetweenFramesEndsTheReadingWithNull() throws IOException {
        kernelSide.close();

        assertNull(shell.read());
    }

    @Test
    void aConnectionClosedInTheMiddleOfAFrameIsAnError() throws IOException {
        kernelSide.write(ByteBuffer.wrap(new byte[] {'O', 0, 0, 0, 5, 'a'}));
        kernelSide.close();

        assertThrows(EOFException.class, () -> shell.read());
    }

    @Test
    void somethingThatIsNotTheProtocolIsRefused() throws IOException {
        kernelSide.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes()));

        IOException e = assertThrows(IOException.class, () -> shell.read());
        assertEquals("the other side does not speak dlkm's attach protocol: no frame type 'G' (71)", e.getMessage());
    }
}
