package org.dlkm.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether this process can use the directories of a kernel home: the home itself, created with its missing parents
 * as {@code mkdir -p} would, and each directory of its layout, which must be a directory this process may read,
 * write and enter. Every refusal is a {@link KernelBootException} whose message is {@code <path>: <reason>; <remedy>},
 * the path being the one at fault (the file in the way, the parent that cannot be written), and changes nothing.
 *
 * <p>Permissions are asked of the operating system ({@code access(2)}), so root passes them all. Stateless; safe to
 * use from any thread.
 */
final class HomeDirectories {

    private static final String ELSEWHERE = "choose another home with --home DIR";

    private HomeDirectories() {
    }

    /**
     * Creates the kernel home and its missing parents, or checks the one there: it must be a directory.
     *
     * @param root absolute and normalized
     */
    static void create(Path root) throws KernelBootException {
        if (Files.exists(root)) {
            requireDirectory(root, "the kernel home must be a directory; remove the file or " + ELSEWHERE);
            return;
        }
        Path parent = existingAncestor(root);
        if (parent != null && !Files.isDirectory(parent)) {
            throw new KernelBootException(parent + ": " + notADirectory(parent) + ", so the kernel home " + root
                    + " cannot be created in it; " + ELSEWHERE, null);
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            if (e instanceof AccessDeniedException && parent != null) {
                throw new KernelBootException(parent + ": permission denied: you (user ID " + FileOwner.currentUid()
                        + ") cannot create the kernel home " + root + " in it (mode " + mode(parent) + "); "
                        + ELSEWHERE + " in a directory you may write", e);
            }
            throw new KernelBootException(root + ": cannot create the kernel home: " + reason(e) + "; " + ELSEWHERE,
                    e);
        }
    }

    /**
     * Refuses a directory this process cannot read, write and enter, or a file in its place.
     *
     * @param what what dlkm keeps there, for the message ("the kernel home", "the framework's cache")
     */
    static void requireUsable(Path directory, String what) throws KernelBootException {
        requireDirectory(directory, "dlkm keeps " + what + " there; remove the file and dlkm creates the directory"
                + " again");
        List<String> cannot = new ArrayList<>();
        if (!Files.isReadable(directory)) {
            cannot.add("read");
        }
        if (!Files.isWritable(directory)) {
            cannot.add("write");
        }
        if (!Files.isExecutable(directory)) {
            cannot.add("enter");
        }
        if (!cannot.isEmpty()) {
            throw new KernelBootException(directory + ": permission denied: you (user ID " + FileOwner.currentUid()
                    + ") cannot " + orList(cannot) + " it (mode " + mode(directory) + "), and dlkm reads and writes "
                    + what + "; give yourself access with chmod u+rwx " + directory + ", or " + ELSEWHERE, null);
        }
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    private static String orList(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }

    private static void requireDirectory(Path path, String remedy) throws KernelBootException {
        if (!Files.isDirectory(path)) {
            throw new KernelBootException(path + ": " + notADirectory(path) + ": " + remedy, null);
        }
    }

    /** The nearest ancestor that exists (a directory or not), or null if none does. */
    private static Path existingAncestor(Path path) {
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        return null;
    }

    private static String notADirectory(Path path) {
        if (Files.isRegularFile(path)) {
            return "not a directory but a regular file";
        }
        if (Files.isSymbolicLink(path) && !Files.exists(path)) {
            return "not a directory but a symbolic link to nothing";
        }
        return "not a directory";
    }

    /** The permission bits, {@code rwxr-x---}, or {@code ?} when they cannot be read. */
    static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    /** Why a file operation failed, without the file's name: the caller names the file. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason().toLowerCase(Locale.ROOT);
        }
        return LauncherException.reason(e);
    }
}
