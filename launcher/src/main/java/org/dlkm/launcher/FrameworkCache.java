package org.dlkm.launcher;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The framework's cache ({@code <home>/felix-cache}, Felix's storage), emptied by the launcher before each boot, under
 * the home's lock, before Felix starts. Felix would clean it too
 * ({@code org.osgi.framework.storage.clean=onFirstInit}); emptying it first means that a cache that cannot be used is
 * refused with its path and the file at fault, before the framework writes anything.
 *
 * <p>Stateless; called by the thread booting the kernel, which holds the home's lock.
 */
final class FrameworkCache {

    /** What the cache is, in messages. */
    static final String WHAT = "the framework's cache";

    private FrameworkCache() {
    }

    /**
     * Deletes everything in the cache, which must be a directory this process may read and write; symbolic links in
     * it are deleted, never followed.
     *
     * @throws KernelBootException {@code <cache>: <reason>}, the file that could not be deleted in the reason
     */
    static void empty(Path cache) throws KernelBootException {
        HomeDirectories.requireUsable(cache, WHAT);
        try {
            Files.walkFileTree(cache, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    if (!directory.equals(cache)) {
                        delete(directory);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (CannotDelete e) {
            throw new KernelBootException(cache + ": cannot empty " + WHAT + ", as dlkm does at each boot: cannot"
                    + " delete " + e.file + ": " + HomeDirectories.reason(e.failure) + "; delete what is left in the"
                    + " cache and boot again", e.failure);
        } catch (IOException e) {
            throw new KernelBootException(cache + ": cannot empty " + WHAT + ", as dlkm does at each boot: "
                    + LauncherException.reason(e), e);
        }
    }

    private static void delete(Path file) throws CannotDelete {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new CannotDelete(file, e);
        }
    }

    /** One file that could not be deleted: the walk stops there. */
    private static final class CannotDelete extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;
        private final IOException failure;

        CannotDelete(Path file, IOException failure) {
            super(file.toString(), failure);
            this.file = file;
            this.failure = failure;
        }
    }
}
