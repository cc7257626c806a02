package org.dlkm.launcher;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.dlkm.kernel.home.KernelHomeLayout;

/**
 * A kernel home's {@code run/} directory, where the running kernel keeps its lock and its socket, checked before
 * either is used: the home and {@code run/} belong to the user running the launcher, and {@code run/} is a real
 * directory that only its owner may enter (mode 0700), so that no other user reaches the socket.
 *
 * <p>The home directory and {@code run/} are the only things a launcher creates in a home without holding its
 * lock: the lock lives there. Immutable; safe to share between threads.
 */
final class RunDirectory {

    /** rwx for the owner, nothing for anyone else. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final KernelHomeLayout layout;

    private RunDirectory(KernelHomeLayout layout) {
        this.layout = layout;
    }

    /**
     * Creates the home and its {@code run/} (mode 0700) where missing, then checks both.
     *
     * @param home the home as given, resolved against the working directory
     * @throws KernelBootException naming the file and what would make it acceptable: the home cannot be used
     */
    static RunDirectory prepare(Path home) throws KernelBootException {
        RunDirectory run = new RunDirectory(KernelHomeLayout.of(home));
        Path root = run.layout.root();
        Path directory = run.layout.runDirectory();
        HomeDirectories.create(root);
        FileOwner.requireOwn(root, "the kernel home", "a kernel home is used by its owner only; choose a home of"
                + " your own with --home DIR");
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // checked below
        } catch (IOException e) {
            HomeDirectories.requireUsable(root, "the kernel home");
            throw new KernelBootException(directory + ": cannot create the kernel home's run directory: "
                    + HomeDirectories.reason(e), e);
        }
        run.check();
        return run;
    }

    private void check() throws KernelBootException {
        Path directory = layout.runDirectory();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new KernelBootException(directory + " is not a directory (a symbolic link or a file is refused):"
                    + " it holds the running kernel's lock and socket; remove it and dlkm creates it again", null);
        }
        FileOwner.requireOwn(directory, "the run directory", "it holds the running kernel's lock and socket;"
                + " remove it and dlkm creates it again, or choose a home of your own with --home DIR");
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new KernelBootException(directory + ": cannot read its permissions: "
                    + HomeDirectories.reason(e), e);
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new KernelBootException("the run directory " + directory + " has mode "
                    + PosixFilePermissions.toString(permissions) + ": only its owner may enter the directory that"
                    + " holds the kernel's socket; fix it with chmod 700 " + directory, null);
        }
    }

    KernelHomeLayout layout() {
        return layout;
    }

    /** The home, absolute and normalized. */
    Path home() {
        return layout.root();
    }

    Path lockFile() {
        return layout.lockFile();
    }

    Path socket() {
        return layout.socket();
    }
}
