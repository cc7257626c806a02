package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.proc.ProcTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ls} of host paths: a directory's names, any other file's own name, and the real reason for a failure. */
class ProcCommands_LsTest {

    @TempDir
    Path dir;

    private final ProcCommands commands = new ProcCommands((ProcTree) null);

    @Test
    void aDirectoryListsItsNamesSortedWithDirectoriesMarked() throws Exception {
        Files.writeString(dir.resolve("loadmods"), "e100\n");
        Files.createDirectories(dir.resolve("conf"));

        assertEquals("conf/\nloadmods", commands.ls(null, dir.toString()));
    }

    @Test
    void aFileThatIsNotADirectoryListsAsItsOwnNameAsLsDoes() {
        assumeTrue(Files.exists(Path.of("/dev/null")), "a host with /dev/null");

        assertEquals("/dev/null", commands.ls(null, "/dev/null"));
    }

    @Test
    void aMissingPathIsNoSuchFile() {
        Path missing = dir.resolve("absent");

        CommandFailure f = assertThrows(CommandFailure.class, () -> commands.ls(null, missing.toString()));

        assertEquals(Errno.ENOENT, f.errno());
        assertEquals("ls: " + missing + ": no such file or directory (ENOENT)", f.getMessage());
    }
}
