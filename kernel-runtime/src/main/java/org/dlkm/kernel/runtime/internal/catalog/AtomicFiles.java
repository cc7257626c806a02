package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file writes for the kernel home: after a crash at any point a file holds either its old content or its
 * new content, never a mixture, and once a method returns the change survives a crash.
 *
 * <h2>How</h2>
 * Each write goes to a temporary file in the target's own directory (so the rename stays on one file system), is
 * forced to the device with {@link FileChannel#force(boolean) force(true)}, renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE ATOMIC_MOVE}, and then the directory itself is forced so that the rename,
 * which is a change to the directory, is durable too. Directories that have to be created on the way are forced
 * into their parents in the same manner. A temporary file is named {@code .<name>.<random>.tmp}; it is removed when
 * the write fails, and {@link #isTemporary(Path)} lets a directory watcher skip one that a crash left behind.
 *
 * <h2>Directory fsync that the platform does not support</h2>
 * Forcing a directory is refused in exactly two known cases, both meaning "this platform cannot sync a directory",
 * not "the data was lost"; only these are tolerated, every other {@link IOException} propagates:
 * <ul>
 * <li>a file system whose {@code fsync(2)} on a directory fails with {@code EINVAL} (some network and FUSE file
 * systems, as PostgreSQL's {@code fsync_fname} also allows): the JDK reports it as an {@code IOException} whose
 * message is {@code Invalid argument};</li>
 * <li>Windows, where a directory cannot be opened as a file channel at all and opening it throws
 * {@link AccessDeniedException}; NTFS journals the rename itself.</li>
 * </ul>
 * An I/O error from forcing a directory on any other terms (such as {@code EIO}) is not tolerated: it means the
 * rename may not be durable.
 *
 * <p>Stateless: the static methods are safe to call from any thread. Concurrent writes of the same file from
 * several threads or processes do not corrupt it (each rename is atomic; the last one wins), but ordering them is
 * the callers' business.
 */
public final class AtomicFiles {

    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final int COPY_BUFFER = 64 * 1024;
    private static final String EINVAL_MESSAGE = "Invalid argument";
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private AtomicFiles() {
    }

    /**
     * Replaces a file's content with a text, in UTF-8, crash-safely; creates the file and its missing parent
     * directories.
     *
     * @param file the file to write
     * @param text its whole new content
     * @throws IOException if writing, forcing or renaming fails; the file then still has its old content (or is still
     *         absent) and no temporary file is left behind
     */
    public static void write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        replace(file, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    /**
     * Copies a file crash-safely: {@code to} ends up with the content {@code from} has, or keeps its own; creates
     * {@code to}'s missing parent directories. Attributes are not copied.
     *
     * @param from the file to copy
     * @param to the file to create or replace
     * @throws IOException if {@code from} cannot be read or writing, forcing or renaming fails; {@code to} then is as
     *         it was and no temporary file is left behind
     */
    public static void copy(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            replace(to, out -> {
                ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
                while (in.read(buffer) != -1) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.clear();
                }
            });
        }
    }

    /**
     * Deletes a file, if it exists, and forces its directory so that the removal survives a crash.
     *
     * @param file the file to delete
     * @return whether it existed
     * @throws IOException if deleting fails (a non-empty directory, say) or the directory cannot be forced
     */
    public static boolean delete(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        boolean existed = Files.deleteIfExists(absolute);
        if (existed) {
            syncDirectory(absolute.getParent());
        }
        return existed;
    }

    /**
     * Renames a file over another atomically and forces the target's directory, so that the rename survives a crash:
     * how a file staged beside its target (see {@link CatalogJournal}) takes its place.
     *
     * @param from the file to rename
     * @param to the file it replaces, or a new name in the same directory
     * @throws IOException if renaming or forcing fails; an atomic rename then either happened or did not
     */
    public static void move(Path from, Path to) throws IOException {
        Path target = to.toAbsolutePath();
        Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /**
     * @param file a path
     * @return whether its name has the form of this class's temporary files, {@code .<name>.<random>.tmp}: a
     *         directory watcher ignores such a file, and one left by a crash may be deleted
     */
    public static boolean isTemporary(Path file) {
        return isHidden(file, TEMP_SUFFIX);
    }

    /** @return whether a file's name is a dot, something, and a suffix: the hidden files writers leave on the way */
    static boolean isHidden(Path file, String suffix) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String s = name.toString();
        return s.startsWith(TEMP_PREFIX) && s.endsWith(suffix) && s.length() > TEMP_PREFIX.length() + suffix.length();
    }

    /** Writes a temporary file's content. */
    @FunctionalInterface
    private interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private static void replace(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null) {
            throw new IOException(file + ": cannot write a file system root");
        }
        createDirectories(dir);
        Path temp = createTemp(dir, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Creates an empty temporary file beside the target. Not {@link Files#createTempFile}: that one makes the file
     * readable by its owner only, and the renamed file would keep that; this one gets the ordinary permissions.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        while (true) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            Path temp = dir.resolve(TEMP_PREFIX + name + "." + random + TEMP_SUFFIX);
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException taken) {
                // another write chose the same name: draw again
            }
        }
    }

    /** Creates the missing directories of a path and forces each new one into its parent. */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && Files.notExists(p); p = p.getParent()) {
            missing.push(p);
        }
        Files.createDirectories(dir);
        for (Path created : missing) {
            syncDirectory(created.getParent());
        }
    }

    /**
     * Forces a directory, so that the entries created, renamed or removed in it survive a crash; tolerates only a
     * platform that cannot do so (see the class comment).
     */
    static void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            if (isDirectorySyncUnsupported(e, true, WINDOWS)) {
                return;
            }
            throw e;
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            if (!isDirectorySyncUnsupported(e, false, WINDOWS)) {
                throw e;
            }
        }
    }

    /**
     * Tells the failures that mean "this platform cannot sync a directory" from real I/O errors.
     *
     * @param e what opening or forcing the directory threw
     * @param opening whether it was thrown by opening the directory (else by forcing it)
     * @param windows whether the platform is Windows
     * @return whether to tolerate it
     */
    static boolean isDirectorySyncUnsupported(IOException e, boolean opening, boolean windows) {
        if (opening) {
            return windows && e instanceof AccessDeniedException;
        }
        return e.getClass() == IOException.class && EINVAL_MESSAGE.equals(e.getMessage());
    }
}
