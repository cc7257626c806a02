package org.dlkm.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The lock of a kernel home: one running kernel per home. The kernel holds an operating-system lock
 * ({@link FileChannel#tryLock()}) on {@code run/dlkm.lock} for as long as it runs, and writes its process ID into the
 * file. The operating system releases the lock when the process ends, however it ends, so a kernel killed with
 * {@code kill -9} leaves no stale lock: the file stays, with the dead kernel's process ID in it, and the next
 * launcher takes the lock at once. Nothing else in the home is written by a process that does not hold the lock.
 *
 * <p>The file is never deleted: a process could lock the old file while another creates a new one. A process holds
 * the lock through one channel, and never opens the file again while it holds it: on POSIX systems, closing any
 * descriptor of the file releases every lock the process has on it.
 *
 * <p>Threading: acquired once by the launcher's main thread; {@link #close} may be called from any thread, once
 * or more.
 */
final class HomeLock implements AutoCloseable {

    private final RunDirectory run;
    private final FileChannel channel;
    private final FileLock lock;
    private final long pid;

    private HomeLock(RunDirectory run, FileChannel channel, FileLock lock, long pid) {
        this.run = run;
        this.channel = channel;
        this.lock = lock;
        this.pid = pid;
    }

    /**
     * Takes the home's lock if no other process holds it, and writes this process's ID into the lock file.
     *
     * @return the lock; empty when another process holds it ({@link #holder} tells which)
     * @throws LauncherException when the lock file cannot be opened or belongs to another user
     */
    static Optional<HomeLock> tryAcquire(RunDirectory run) throws LauncherException {
        Path file = run.lockFile();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            requireOwnRegularFile(file);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw LauncherException.io("cannot open the kernel home's lock file", e);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            long pid = ProcessHandle.current().pid();
            byte[] text = (pid + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
            channel.force(false);
            return Optional.of(new HomeLock(run, channel, lock, pid));
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw LauncherException.io("cannot lock the kernel home " + run.home(), e);
        }
    }

    /**
     * Whether a process holds the lock now, asked without taking it for longer than the asking and without writing
     * the lock file. Never call it in the process that holds the lock.
     */
    static boolean isHeld(RunDirectory run) throws LauncherException {
        Path file = run.lockFile();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        requireOwnRegularFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            throw LauncherException.io("cannot read the kernel home's lock", e);
        }
    }

    /**
     * The process ID the lock file names: the holder's while the lock is held, else the last holder's. Empty when
     * the file is absent, empty (a holder that has not written it yet) or unreadable. Never call it in the process
     * that holds the lock.
     */
    static OptionalLong holder(RunDirectory run) {
        try {
            String text = Files.readString(run.lockFile(), StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** "process 1234", or "another process" when the lock file does not say. */
    static String describeHolder(RunDirectory run) {
        OptionalLong pid = holder(run);
        return pid.isPresent() ? "process " + pid.getAsLong() : "another process";
    }

    /** This process's ID, as written in the lock file. */
    long pid() {
        return pid;
    }

    RunDirectory runDirectory() {
        return run;
    }

    /** Whether the lock is still held (it is, until {@link #close}). */
    boolean isHeld() {
        return lock.isValid();
    }

    /** Releases the lock; the file stays, naming this process until the next holder writes its own ID. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot release the lock " + run.lockFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalStateException when this process holds the lock already: a programming error. The new channel
     *     is left open, since closing it would release the lock held through the other one.
     */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("this process holds the kernel home's lock already", e);
        }
    }

    private static void requireOwnRegularFile(Path file) throws LauncherException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new KernelBootException("the lock file " + file + " is not a regular file (a symbolic link is"
                    + " refused): remove it, and dlkm creates it again", null);
        }
        FileOwner.requireOwn(file, "the lock file", "another user's kernel may hold it; remove it only if no kernel"
                + " runs on this home, or choose a home of your own with --home DIR");
    }

    private static void closeQuietly(FileChannel channel, IOException failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
