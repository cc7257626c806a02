package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.felix.service.command.CommandSession;
import org.dlkm.kernel.Errno;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cp}, {@code rm} and {@code mkdir} over the shell's view of files: the module directory is the home's. */
class FileCommands_CpRmTest {
    @TempDir
    Path tmp;

    private Path home;
    private Path work;
    private FileCommands commands;
    private CommandSession session;

    @BeforeEach
    void home() throws Exception {
        home = Files.createDirectories(tmp.resolve("var"));
        Files.createDirectories(home.resolve("vmkmod"));
        Files.createDirectories(home.resolve("vmfs"));
        work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("greeter.jar"), "greeter image");
        MapProcTree proc = new MapProcTree().entry("/proc/vmware/log", "boot\n");
        commands = new FileCommands(new ShellFiles(home, proc));
        session = PathSession.in(work);
    }

    private CommandFailure refused(Errno errno, Runnable command) {
        CommandFailure f = assertThrows(CommandFailure.class, command::run);
        assertEquals(errno, f.errno(), f.getMessage());
        return f;
    }

    private long files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void cpCopiesIntoTheModuleDirectoryAsTheManualsNameItLeavingNothingElse() throws Exception {
        commands.cp(session, "greeter.jar", "/usr/lib/vmware/vmkmod/");
        commands.cp(session, "greeter.jar", "/vmfs/other.jar");

        assertEquals("greeter image", Files.readString(home.resolve("vmkmod/greeter.jar")));
        assertEquals("greeter image", Files.readString(home.resolve("vmfs/other.jar")));
        assertEquals(1, files(home.resolve("vmkmod")), "no temporary file left");

        Files.writeString(work.resolve("greeter.jar"), "greeter image 2");
        commands.cp(session, "greeter.jar", "/usr/lib/vmware/vmkmod/greeter.jar");
        assertEquals("greeter image 2", Files.readString(home.resolve("vmkmod/greeter.jar")));
    }

    @Test
    void cpRefusesWhatItCannotCopyNamingTheOperandAndChangesNothing() throws Exception {
        assertEquals("cp: nosuch.jar: no such file (ENOENT)",
                refused(Errno.ENOENT, () -> commands.cp(session, "nosuch.jar", "/vmfs")).getMessage());
        assertTrue(refused(Errno.EISDIR, () -> commands.cp(session, "/vmfs", "/stand")).getMessage()
                .contains("/vmfs: a directory"));
        assertTrue(refused(Errno.ENOENT, () -> commands.cp(session, "greeter.jar", "/vmfs/no/such.jar")).getMessage()
                .contains("/vmfs/no/such.jar: no such directory"));
        assertTrue(refused(Errno.EINVAL, () -> commands.cp(session, "/proc/vmware/log", "/vmfs")).getMessage()
                .contains("an entry of the kernel's proc tree"));
        assertTrue(refused(Errno.EINVAL, () -> commands.cp(session, "greeter.jar", "greeter.jar")).getMessage()
                .contains("the same file"));
        refused(Errno.EINVAL, () -> commands.cp(session, "greeter.jar"));
        assertEquals(0, files(home.resolve("vmfs")));
    }

    @Test
    void rmRemovesFilesAndRefusesAnyBadOperandBeforeRemovingAny() throws Exception {
        commands.cp(session, "greeter.jar", "/usr/lib/vmware/vmkmod/");
        assertTrue(refused(Errno.ENOENT, () -> commands.rm(session, "/usr/lib/vmware/vmkmod/greeter.jar",
                "/usr/lib/vmware/vmkmod/nosuch.jar")).getMessage().endsWith("nosuch.jar: no such file; nothing"
                        + " removed (ENOENT)"));
        assertTrue(Files.exists(home.resolve("vmkmod/greeter.jar")));
        refused(Errno.EISDIR, () -> commands.rm(session, "/vmfs"));
        refused(Errno.EINVAL, () -> commands.rm(session, "/proc/vmware/log"));
        refused(Errno.EINVAL, () -> commands.rm(session));

        commands.rm(session, "/usr/lib/vmware/vmkmod/greeter.jar");
        assertFalse(Files.exists(home.resolve("vmkmod/greeter.jar")));
    }

    @Test
    void mkdirMakesAMachinesDirectoryUnderVmfsAndWithPItsParents() throws Exception {
        commands.mkdir(session, "/vmfs/vm1");
        commands.mkdir(session, "-p", "/vmfs/a/b", "/vmfs/vm1");

        assertTrue(Files.isDirectory(home.resolve("vmfs/vm1")));
        assertTrue(Files.isDirectory(home.resolve("vmfs/a/b")));
    }

    @Test
    void mkdirRefusesNamingTheOperandAndMakesNothing() throws Exception {
        Files.createDirectories(home.resolve("vmfs/vm1"));
        assertEquals("mkdir: /vmfs/vm1: exists already; nothing made (EEXIST)",
                refused(Errno.EEXIST, () -> commands.mkdir(session, "/vmfs/vm2", "/vmfs/vm1")).getMessage());
        assertEquals("mkdir: /vmfs/x/y: no such parent directory (mkdir -p makes it too); nothing made (ENOENT)",
                refused(Errno.ENOENT, () -> commands.mkdir(session, "/vmfs/vm3", "/vmfs/x/y")).getMessage());
        assertEquals("mkdir: greeter.jar: a file is there; nothing made (EEXIST)",
                refused(Errno.EEXIST, () -> commands.mkdir(session, "-p", "greeter.jar")).getMessage());
        assertTrue(refused(Errno.EINVAL, () -> commands.mkdir(session, "/proc/vmware/x")).getMessage()
                .contains("an entry of the kernel's proc tree"));
        refused(Errno.EINVAL, () -> commands.mkdir(session));
        refused(Errno.EINVAL, () -> commands.mkdir(session, "-p"));
        assertEquals(1, files(home.resolve("vmfs")), "only vm1");
    }
}
