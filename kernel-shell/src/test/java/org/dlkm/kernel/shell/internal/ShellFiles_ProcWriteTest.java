package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.shell.internal.paths.ProcAccessException;
import org.dlkm.kernel.shell.internal.paths.ProcWriteFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redirections, as Gogo makes them: the session's current directory resolves the typed path, and
 * {@code Files.newByteChannel} opens it. A proc entry is written through the kernel's proc tree, one write per write
 * the command makes; a read-only or absent entry is refused at the open; other paths stay the host's.
 */
class ShellFiles_ProcWriteTest {
    private static final Set<StandardOpenOption> REDIRECT = Set.of(StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);

    @TempDir
    Path tmp;

    private final MapProcTree proc = new MapProcTree()
            .entry("/proc/pci", "bus 0\n")
            .entry("/proc/vmware/net/vmnic0", "Tx 0\n")
            .writable("/proc/vmware/filters/xmitpush", text -> {
                if (!text.startsWith("104 ")) {
                    throw new IllegalArgumentException("no virtual machine with ID " + text.split(" ")[0]);
                }
            });
    private CommandSession session;

    @BeforeEach
    void session() {
        ShellFiles files = new ShellFiles(tmp.resolve("var"), proc);
        session = PathSession.in(tmp);
        files.beforeExecute(session, "echo");
    }

    /** What Gogo's Pipe does for {@code > path}. */
    private SeekableByteChannel redirect(String typed) throws Exception {
        return Files.newByteChannel(session.currentDir().resolve(Paths.get(typed)), REDIRECT);
    }

    @Test
    void echoToAWritableEntryIsOneWriteOfTheLine() throws Exception {
        try (PrintStream out = new PrintStream(Channels.newOutputStream(redirect("/proc/vmware/filters/xmitpush")),
                true, StandardCharsets.UTF_8)) {
            out.println("104 nfshaper 1m 2m 160k");
            out.print("104 nfshaper 2m 4m 160k\n");
        }

        assertEquals(List.of("104 nfshaper 1m 2m 160k", "104 nfshaper 2m 4m 160k"), proc.written);
    }

    @Test
    void theEntrysRefusalReachesTheCommandThroughAPrintStream() throws Exception {
        PrintStream out = new PrintStream(Channels.newOutputStream(redirect("/proc/vmware/filters/xmitpush")), true,
                StandardCharsets.UTF_8);

        ProcWriteFailure f = assertThrows(ProcWriteFailure.class, () -> out.println("999 nfshaper 1m 2m 160k"));

        assertEquals(Errno.EINVAL, f.errno());
        assertEquals("/proc/vmware/filters/xmitpush: no virtual machine with ID 999 (EINVAL)", f.toString());
        assertEquals(List.of(), proc.written);
    }

    @Test
    void aReadOnlyEntryIsRefusedAtTheOpen() {
        ProcAccessException e = assertThrows(ProcAccessException.class, () -> redirect("/proc/pci"));

        assertEquals(Errno.EACCES, e.errno());
        assertEquals("dlkm: /proc/pci: read-only proc entry (EACCES)", e.getMessage());
    }

    @Test
    void anAbsentEntryIsRefusedAtTheOpen() {
        ProcAccessException e = assertThrows(ProcAccessException.class, () -> redirect("/proc/vmware/nosuch"));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("dlkm: /proc/vmware/nosuch: no such file or directory in the kernel's proc tree (ENOENT)",
                e.getMessage());
    }

    @Test
    void aDirectoryIsRefusedAtTheOpen() {
        ProcAccessException e = assertThrows(ProcAccessException.class, () -> redirect("/proc/vmware"));

        assertEquals(Errno.EISDIR, e.errno());
    }

    @Test
    void anEntryReadsAsItsText() throws Exception {
        Path entry = session.currentDir().resolve(Paths.get("/proc/vmware/net/vmnic0"));

        assertEquals("Tx 0\n", new String(Files.newInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aProcDirectoryListsForGlobsAndCompletion() throws Exception {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(session.currentDir().resolve("/proc/vmware"))) {
            entries.forEach(p -> names.add(p.toString()));
        }

        assertEquals(List.of("/proc/vmware/filters", "/proc/vmware/net"), names);
        assertEquals(true, Files.isDirectory(session.currentDir().resolve("/proc/vmware/net")));
        assertEquals(true, Files.isRegularFile(session.currentDir().resolve("/proc/pci")));
    }

    @Test
    void otherPathsKeepGogosMeaning() throws Exception {
        try (PrintStream out = new PrintStream(Channels.newOutputStream(redirect("out.txt")), true,
                StandardCharsets.UTF_8)) {
            out.println("hello");
        }

        assertEquals("hello\n", Files.readString(tmp.resolve("out.txt")));
    }

    @Test
    void aSeedPathRedirectsIntoTheHome() throws Exception {
        Files.createDirectories(tmp.resolve("var/etc"));
        try (PrintStream out = new PrintStream(Channels.newOutputStream(redirect("/etc/loadmods")), true,
                StandardCharsets.UTF_8)) {
            out.println("nfshaper");
        }

        assertEquals("nfshaper\n", Files.readString(tmp.resolve("var/etc/loadmods")));
    }
}
