package org.dlkm.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import com.sun.security.auth.module.UnixSystem;

/**
 * Who owns a file, compared with who runs the launcher: a kernel home, its {@code run/} directory, the lock file and
 * the socket must all belong to the user running {@code dlkm}, so that nobody attaches to, or starts a kernel on,
 * another user's home. The check holds for root too: root chooses a home of its own.
 *
 * <p>Needs a POSIX file system ({@code unix:uid}). Stateless; safe to use from any thread.
 */
final class FileOwner {

    private FileOwner() {
    }

    /** The real user ID of this process. */
    static long currentUid() {
        return new UnixSystem().getUid();
    }

    /**
     * The owner's user ID, not following a last symbolic link.
     *
     * @throws IOException when the file cannot be read, or the file system has no owner IDs
     */
    static long uidOf(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new IOException(file + ": the file system does not tell who owns a file (no POSIX owner IDs)", e);
        }
    }

    /**
     * Refuses a file that belongs to another user: the kernel home cannot be used (the launcher exits with status 2).
     *
     * @param what what the file is, for the message ("the kernel home", "the lock file")
     * @param remedy what to do about it, the end of the message
     */
    static void requireOwn(Path file, String what, String remedy) throws KernelBootException {
        long owner;
        try {
            owner = uidOf(file);
        } catch (IOException e) {
            throw new KernelBootException(file + ": cannot tell who owns " + what + ": " + HomeDirectories.reason(e),
                    e);
        }
        long me = currentUid();
        if (owner != me) {
            throw new KernelBootException(what + " " + file + " belongs to user ID " + owner + ", not to you (user ID "
                    + me + "): " + remedy, null);
        }
    }
}
