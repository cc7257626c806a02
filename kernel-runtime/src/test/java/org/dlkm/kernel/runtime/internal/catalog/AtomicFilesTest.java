package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeCreatesTheFileWithTheTextInUtf8() throws Exception {
        Path file = dir.resolve("system");
        AtomicFiles.write(file, "* Größe\n$VERSION\n1\n$$$\n");
        assertEquals("* Größe\n$VERSION\n1\n$$$\n", Files.readString(file));
    }

    @Test
    void writeReplacesAnExistingFileWhole() throws Exception {
        Path file = dir.resolve("system");
        AtomicFiles.write(file, "a much longer first content\n");
        AtomicFiles.write(file, "short\n");
        assertEquals("short\n", Files.readString(file));
    }

    @Test
    void writeLeavesNoTemporaryFileBehind() throws Exception {
        AtomicFiles.write(dir.resolve("system"), "one");
        AtomicFiles.write(dir.resolve("system"), "two");
        assertEquals(List.of("system"), namesIn(dir));
    }

    @Test
    void writeCreatesMissingParentDirectories() throws Exception {
        Path file = dir.resolve("stand/dlkm/system.d/e100");
        AtomicFiles.write(file, "x");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("stand");
        Files.createDirectories(target.resolve("occupied"));
        assertThrows(IOException.class, () -> AtomicFiles.write(target, "cannot replace a non-empty directory"));
        assertTrue(Files.isDirectory(target.resolve("occupied")));
        assertEquals(List.of("stand"), namesIn(dir));
    }

    @Test
    void writeKeepsTheOrdinaryPermissionsOfANewFile() throws Exception {
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "x");
        Path atomic = dir.resolve("atomic");
        AtomicFiles.write(atomic, "x");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
        }
    }

    @Test
    void copyReproducesTheBytesAndReplacesTheTarget() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        Path from = dir.resolve("e100.jar");
        Files.write(from, bytes);
        Path to = dir.resolve("vmkmod/e100.jar");
        AtomicFiles.write(to, "old");
        AtomicFiles.copy(from, to);
        assertArrayEquals(bytes, Files.readAllBytes(to));
        assertEquals(List.of("e100.jar"), namesIn(dir.resolve("vmkmod")));
    }

    @Test
    void copyOfAMissingFileFailsAndLeavesTheTargetAlone() throws Exception {
        Path to = dir.resolve("e100.jar");
        AtomicFiles.write(to, "old");
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.copy(dir.resolve("absent.jar"), to));
        assertEquals("old", Files.readString(to));
        assertEquals(List.of("e100.jar"), namesIn(dir));
    }

    @Test
    void deleteRemovesTheFileAndSaysWhetherItExisted() throws Exception {
        Path file = dir.resolve("system");
        AtomicFiles.write(file, "x");
        assertTrue(AtomicFiles.delete(file));
        assertFalse(Files.exists(file));
        assertFalse(AtomicFiles.delete(file));
    }

    @Test
    void temporaryFileNamesAreRecognisedAndOrdinaryNamesAreNot() {
        assertTrue(AtomicFiles.isTemporary(Path.of("vmkmod/.e100.jar.3f2a.tmp")));
        assertFalse(AtomicFiles.isTemporary(Path.of("vmkmod/e100.jar")));
        assertFalse(AtomicFiles.isTemporary(Path.of("vmkmod/.hidden")));
        assertFalse(AtomicFiles.isTemporary(Path.of(".tmp")));
    }

    @Test
    void directorySyncToleratesOnlyAPlatformThatCannotSyncADirectory() {
        assertTrue(AtomicFiles.isDirectorySyncUnsupported(new IOException("Invalid argument"), false, false));
        assertTrue(AtomicFiles.isDirectorySyncUnsupported(new AccessDeniedException("d"), true, true));
        assertFalse(AtomicFiles.isDirectorySyncUnsupported(new IOException("Input/output error"), false, false));
        assertFalse(AtomicFiles.isDirectorySyncUnsupported(new AccessDeniedException("d"), true, false));
        assertFalse(AtomicFiles.isDirectorySyncUnsupported(new NoSuchFileException("d"), true, true));
        assertFalse(AtomicFiles.isDirectorySyncUnsupported(new IOException("Invalid argument"), true, false));
    }

    @Test
    void syncingADirectoryThatDoesNotExistFails() {
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.syncDirectory(dir.resolve("absent")));
    }
}
