package org.dlkm.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file whole or not at all: into a temporary file beside it, then renamed over it, so that a reader (a
 * browser, the next run) never sees half a report. The temporary file is created as any new file is (the process's
 * umask applies), so the report is as readable as the text lines beside it.
 *
 * <p>Stateless; not for two writers of one file at once.
 */
final class ReplacedFile {

    /** Writes the content of a file into the path given. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    private ReplacedFile() {
    }

    /**
     * @param file the file to replace, its directory created if needed
     * @param content what writes it
     */
    static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            content.writeTo(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
