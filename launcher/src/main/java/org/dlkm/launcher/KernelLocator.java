package org.dlkm.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the kernel of a home for a shell: the running one, attached to over the home's socket, or, when none runs,
 * the home's lock, so that the launcher boots one. A kernel that holds the lock but does not answer yet is booting
 * (or stopping): the locator tries again, lock first, until it answers, its lock is free, or the patience runs out.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class KernelLocator {

    /** How long a shell waits for a kernel that holds the lock of its home to answer. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long MAX_PAUSE_MILLIS = 200;

    private KernelLocator() {
    }

    /** What the locator found. */
    sealed interface Found permits Booting, Attached {
    }

    /** No kernel runs: this process holds the home's lock and boots one. */
    record Booting(HomeLock lock) implements Found {
    }

    /** A kernel runs and admitted the shell's session; its {@link Frame.Type#WELCOME} fields. */
    record Attached(FrameChannel channel, Map<String, String> welcome) implements Found {
        long pid() {
            return Long.parseLong(welcome.get("pid"));
        }
    }

    /**
     * The home's running kernel, attached to with {@code hello}, or the home's lock.
     *
     * @throws LauncherException when the kernel refuses the session for good, the socket is another user's, or the
     *     kernel holding the lock never answers
     */
    static Found find(RunDirectory run, Hello hello) throws LauncherException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Optional<HomeLock> lock = HomeLock.tryAcquire(run);
            if (lock.isPresent()) {
                return new Booting(lock.get());
            }
            Optional<Attached> attached = attach(run, hello);
            if (attached.isPresent()) {
                return attached.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw unanswered(run);
            }
            Thread.sleep(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    private static LauncherException unanswered(RunDirectory run) {
        return new LauncherException("the kernel of " + HomeLock.describeHolder(run) + " holds the lock of "
                + run.home() + " but has not answered on " + run.socket() + " for " + PATIENCE.toSeconds()
                + " s: it may be stuck booting or stopping; see its console, or end it");
    }

    /**
     * The home's running kernel, attached to with {@code hello}, without ever booting one: waits while a kernel
     * holds the lock without answering (it boots or stops).
     *
     * @return empty when no kernel runs on the home
     */
    static Optional<Attached> findRunning(RunDirectory run, Hello hello) throws LauncherException,
            InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Optional<Attached> attached = attach(run, hello);
            if (attached.isPresent() || !HomeLock.isHeld(run)) {
                return attached;
            }
            if (System.nanoTime() - deadline > 0) {
                throw unanswered(run);
            }
            Thread.sleep(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    /**
     * Attaches to the running kernel, without ever booting one.
     *
     * @return empty when no kernel answers on the socket (none runs, or it is booting or stopping)
     * @throws LauncherException when the kernel refuses the session for good, or the socket is another user's
     */
    static Optional<Attached> attach(RunDirectory run, Hello hello) throws LauncherException {
        Path socket = run.socket();
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        FileOwner.requireOwn(socket, "the socket", "refusing to attach to another user's kernel; remove the socket"
                + " if no kernel of yours runs on this home, or choose a home of your own with --home DIR");
        SessionServer.requireShortEnough(socket);
        FrameChannel channel;
        try {
            channel = FrameChannel.connect(socket);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            channel.write(Frame.fields(Frame.Type.HELLO, hello.fields()));
            Frame reply = channel.read();
            if (reply != null && reply.type() == Frame.Type.WELCOME) {
                return Optional.of(new Attached(channel, reply.fields()));
            }
            channel.close();
            if (reply != null && reply.type() == Frame.Type.REFUSED
                    && !Boolean.parseBoolean(reply.fields().get("retry"))) {
                throw new LauncherException(reply.fields().get("message"));
            }
            return Optional.empty();
        } catch (IOException e) {
            channel.close();
            return Optional.empty();
        }
    }
}
