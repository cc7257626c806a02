package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework's cache is emptied before each boot, never through a symbolic link, or refused naming it. */
class FrameworkCache_EmptyTest {

    @TempDir
    Path tmp;

    @Test
    void everythingInTheCacheGoesAndTheCacheStays() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("felix-cache/bundle1/version0.0"));
        Files.writeString(cache.resolve("bundle.jar"), "jar");
        Files.writeString(tmp.resolve("felix-cache/cache.lock"), "");

        FrameworkCache.empty(tmp.resolve("felix-cache"));

        try (var entries = Files.list(tmp.resolve("felix-cache"))) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void aSymbolicLinkInTheCacheIsDeletedNotFollowed() throws Exception {
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("keep"), "kept");
        Path cache = Files.createDirectories(tmp.resolve("felix-cache"));
        Files.createSymbolicLink(cache.resolve("link"), tmp.resolve("outside"));

        FrameworkCache.empty(cache);

        assertEquals("kept", Files.readString(outside));
        assertEquals(false, Files.exists(cache.resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aCacheThatIsAFileIsRefusedNamingItAndLeftAlone() throws Exception {
        Path cache = Files.writeString(tmp.resolve("felix-cache"), "a file");

        KernelBootException e = assertThrows(KernelBootException.class, () -> FrameworkCache.empty(cache));

        assertEquals(cache + ": not a directory but a regular file: dlkm keeps the framework's cache there; remove the"
                + " file and dlkm creates the directory again", e.getMessage());
        assertEquals("a file", Files.readString(cache));
    }
}
