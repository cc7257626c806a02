package org.dlkm.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running kernel's door for other shells: a Unix-domain socket in the home's {@code run/} directory (which only
 * the home's owner may enter; no TCP listener), each connection an {@link AttachedShell} on a thread of its own.
 *
 * <p>Only the process holding the home's lock serves: it removes a socket file a killed kernel left behind before
 * binding, and removes its own when it closes, before the lock is released.
 *
 * <p>Threading: {@link #open} and {@link #close} from any thread, {@code close} once or more; one thread accepts.
 */
final class SessionServer implements AutoCloseable {

    /** The longest socket path the operating system takes ({@code sun_path} holds 108 bytes with the NUL). */
    static final int MAX_SOCKET_PATH = 107;

    private final ServerSocketChannel channel;
    private final Path socket;
    private final KernelHost host;
    private final KernelIdentity identity;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private SessionServer(ServerSocketChannel channel, Path socket, KernelHost host, KernelIdentity identity) {
        this.channel = channel;
        this.socket = socket;
        this.host = host;
        this.identity = identity;
        this.acceptor = new Thread(this::accept, "dlkm-attach");
        acceptor.setDaemon(true);
    }

    /**
     * Binds the home's socket and starts accepting shells.
     *
     * @param lock the home's lock, held: only its holder may replace the socket file
     */
    static SessionServer open(HomeLock lock, KernelHost host, KernelIdentity identity) throws LauncherException {
        Path socket = lock.runDirectory().socket();
        requireShortEnough(socket);
        ServerSocketChannel channel = null;
        try {
            Files.deleteIfExists(socket);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            closeQuietly(channel);
            throw LauncherException.io("cannot open the socket other shells attach through", e);
        }
        SessionServer server = new SessionServer(channel, socket, host, identity);
        server.acceptor.start();
        return server;
    }

    /**
     * @throws LauncherException when the path does not fit in a Unix-domain socket address
     */
    static void requireShortEnough(Path socket) throws LauncherException {
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH) {
            throw new LauncherException("the socket path " + socket + " is " + length + " bytes long, more than the "
                    + MAX_SOCKET_PATH + " a Unix-domain socket takes: choose a kernel home with a shorter path");
        }
    }

    /** Stops accepting and removes the socket file; sessions already open go on. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(channel);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the next kernel removes it before it binds
        }
    }

    private void accept() {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                identity.console().println("dlkm: cannot accept a shell: " + e.getMessage());
                return;
            }
            Thread session = new Thread(new AttachedShell(new FrameChannel(connection), host, identity),
                    "dlkm-session-" + connections.incrementAndGet());
            session.setDaemon(true);
            session.setContextClassLoader(null);
            session.start();
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing: nothing to do about it
            }
        }
    }
}
