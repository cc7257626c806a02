package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.proc.ProcTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cat}: the kernel's proc entries under /proc, and elsewhere regular host text files within a limit. */
class ProcCommands_CatTest {

    /** A proc tree with one entry, {@code /proc/vmware/version}, and one whose reader failed. */
    private static final class OneEntry implements ProcTree {
        @Override
        public boolean exists(String path) {
            return path.startsWith("/proc");
        }

        @Override
        public boolean isDirectory(String path) {
            return path.equals("/proc") || path.equals("/proc/vmware");
        }

        @Override
        public List<String> list(String path) {
            return List.of("version");
        }

        @Override
        public String read(String path) throws KernelException {
            if (path.equals("/proc/vmware/broken")) {
                throw new KernelException(Errno.EIO, path + ": its reader, published by badmod, failed:"
                        + " java.lang.NullPointerException");
            }
            return "dlkm 0.1\n";
        }

        @Override
        public boolean isWritable(String path) {
            return false;
        }

        @Override
        public void write(String path, String text) {
        }
    }

    @TempDir
    Path dir;

    private final ProcCommands commands = new ProcCommands(new OneEntry());

    private CommandFailure refused(String path, Errno errno) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> commands.cat(null, path));
        assertEquals(errno, f.errno(), f.getMessage());
        return f;
    }

    @Test
    void aProcEntryIsReadFromTheKernelsTree() {
        assertEquals("dlkm 0.1", commands.cat(null, "/proc/vmware/version"));
    }

    @Test
    void aProcEntryWhoseReaderFailedIsRefusedWithItsCause() {
        assertEquals("cat: /proc/vmware/broken: its reader, published by badmod, failed:"
                + " java.lang.NullPointerException (EIO)", refused("/proc/vmware/broken", Errno.EIO).getMessage());
    }

    @Test
    void aHostTextFileIsPrintedWithoutItsLastNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("loadmods"), "# boot\ne100\nréseau µs\n");

        assertEquals("# boot\ne100\nréseau µs", commands.cat(null, file.toString()));
    }

    @Test
    void aFileAtTheLimitIsPrinted() throws Exception {
        Path file = Files.writeString(dir.resolve("big"), "x".repeat(HostTextFile.LIMIT));

        assertEquals(HostTextFile.LIMIT, commands.cat(null, file.toString()).length());
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path file = dir.resolve("huge");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(HostTextFile.LIMIT + 1);
        }

        assertEquals("cat: " + file + ": 1048577 bytes, larger than the 1 MiB cat prints; read it with a tool of the"
                + " host (EFBIG)", refused(file.toString(), Errno.EFBIG).getMessage());
    }

    @Test
    void aDeviceIsRefusedAsNotARegularFileBeforeItIsRead() {
        assumeTrue(Files.exists(Path.of("/dev/null")), "a host with /dev/null");

        assertEquals("cat: /dev/null: not a regular file but a device, a pipe or a socket; cat prints regular files"
                + " only (EINVAL)", refused("/dev/null", Errno.EINVAL).getMessage());
    }

    @Test
    void aDirectoryIsRefused() {
        assertEquals("cat: " + dir + ": is a directory (EINVAL)", refused(dir.toString(), Errno.EINVAL).getMessage());
    }

    @Test
    void aBinaryFileIsSaidToBeBinaryNotMissing() throws Exception {
        Path elf = Files.write(dir.resolve("ls"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0});
        Path latin1 = Files.write(dir.resolve("latin1"), "r\u00e9seau".getBytes(StandardCharsets.ISO_8859_1));

        assertEquals("cat: " + elf + ": a binary file, not text (a NUL byte at offset 7); cat prints UTF-8 text only"
                + " (EINVAL)", refused(elf.toString(), Errno.EINVAL).getMessage());
        assertEquals("cat: " + latin1 + ": a binary file, not text (byte 0xE9 at offset 1 is not UTF-8); cat prints"
                + " UTF-8 text only (EINVAL)", refused(latin1.toString(), Errno.EINVAL).getMessage());
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        Path missing = dir.resolve("absent");

        assertEquals("cat: " + missing + ": no such file or directory (ENOENT)",
                refused(missing.toString(), Errno.ENOENT).getMessage());
    }

    @Test
    void aPathTheHostCannotHaveIsInvalid() {
        CommandFailure f = refused("bad\0name", Errno.EINVAL);

        assertEquals("cat: bad\0name: not a path on this host: Nul character not allowed (EINVAL)", f.getMessage());
    }

    @Test
    void catWithoutAPathIsAUsageError() {
        CommandFailure f = assertThrows(CommandFailure.class, () -> commands.cat(null));

        assertEquals("cat: usage: cat PATH... (EINVAL)", f.getMessage());
    }
}
