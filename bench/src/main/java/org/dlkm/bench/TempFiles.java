package org.dlkm.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Temporary directories for frameworks' storage, kernel homes and generated modules: under the directory the system
 * property {@value #TMP_PROPERTY} names ({@code bench/run} names a tmpfs such as {@code /dev/shm} when there is
 * one, so that a slow disk's metadata writes, the same for both sides, do not drown what the kernel adds), else
 * under {@code java.io.tmpdir}. Stateless; safe from any thread.
 */
public final class TempFiles {
    /** System property: the directory to create temporary directories in. */
    public static final String TMP_PROPERTY = "dlkm.bench.tmp";

    private TempFiles() {
    }

    /** @return where temporary directories go */
    public static Path base() {
        String dir = System.getProperty(TMP_PROPERTY);
        return Path.of(dir == null || dir.isBlank() ? System.getProperty("java.io.tmpdir") : dir);
    }

    /**
     * @param prefix what the directory is for
     * @return a new, empty directory under {@link #base()}
     */
    public static Path directory(String prefix) throws IOException {
        return Files.createTempDirectory(base(), "dlkm-bench-" + prefix);
    }

    /** Deletes a directory and everything under it; nothing if it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
