package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.dlkm.kernel.Errno;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cd} and {@code pwd}: the seeds' absolute paths lead into the kernel home, {@code /proc} into the kernel's
 * proc tree, other paths into the host's, and relative names then resolve against where {@code cd} went.
 */
class DirectoryCommands_CdTest {

    @TempDir
    Path tmp;

    private Path home;
    private Path work;
    private final MapProcTree proc = new MapProcTree()
            .entry("/proc/vmware/net/vmnic0", "Tx packets 0\n")
            .entry("/proc/vmware/log", "boot\n");
    private ShellFiles files;
    private DirectoryCommands commands;
    private ProcCommands procCommands;
    private CommandSession session;

    @BeforeEach
    void home() throws Exception {
        home = Files.createDirectories(tmp.resolve("var"));
        Files.createDirectories(home.resolve("stand/build"));
        Files.createDirectories(home.resolve("vmkmod"));
        Files.writeString(home.resolve("stand/build/system"), "* system file\n");
        Files.writeString(home.resolve("stand/system"), "* kernel\n");
        work = Files.createDirectories(tmp.resolve("work"));
        files = new ShellFiles(home, proc);
        commands = new DirectoryCommands(files, proc);
        procCommands = new ProcCommands(proc, files);
        session = PathSession.in(work);
    }

    private CommandFailure refused(String dir, Errno errno) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> commands.cd(session, dir));
        assertEquals(errno, f.errno(), f.getMessage());
        return f;
    }

    @Test
    void theSessionStartsWhereTheAdministratorWas() {
        assertEquals(work.toString(), commands.pwd(session));
    }

    @Test
    void aSeedPathLeadsIntoTheHomeAndRelativeNamesFollow() {
        assertNull(commands.cd(session, "/stand/build"));

        assertEquals("/stand/build", commands.pwd(session));
        assertEquals("* system file", procCommands.cat(session, "system"));
        assertEquals("* kernel", procCommands.cat(session, "../system"));
        assertEquals(home.resolve("stand/build/system"), files.resolve(session, "x", "system"));
    }

    @Test
    void everySeedRootMapsIntoTheHome() throws Exception {
        Files.createDirectories(home.resolve("usr/conf/master.d"));
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("vmfs"));
        Files.createDirectories(home.resolve("var/adm"));
        for (String dir : new String[] {"/stand", "/usr/conf/master.d", "/etc", "/usr/lib/vmware/vmkmod", "/vmfs",
                "/var/adm"}) {
            commands.cd(session, dir);

            assertEquals(dir, commands.pwd(session));
        }
        assertEquals(home.resolve("vmkmod"), files.resolve(session, "x", "/usr/lib/vmware/vmkmod"));
    }

    @Test
    void procIsTheKernelsTree() {
        commands.cd(session, "/proc/vmware");

        assertEquals("/proc/vmware", commands.pwd(session));
        assertEquals("log\nnet/", procCommands.ls(session));
        assertEquals("Tx packets 0", procCommands.cat(session, "net/vmnic0"));
        commands.cd(session, "net");
        assertEquals("/proc/vmware/net", commands.pwd(session));
        commands.cd(session, "../..");
        assertEquals("/proc", commands.pwd(session));
    }

    @Test
    void otherPathsAreTheHostsAndAbsolute() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("modules"));
        commands.cd(session, "/stand");

        commands.cd(session, other.toString());

        assertEquals(other.toString(), commands.pwd(session));
    }

    @Test
    void cdAloneReturnsToTheStartAndCdMinusToThePreviousDirectory() {
        commands.cd(session, "/stand/build");
        commands.cd(session, "/proc/vmware");

        assertEquals("/stand/build", commands.cd(session, "-"));
        assertEquals("/stand/build", commands.pwd(session));
        assertNull(commands.cd(session));
        assertEquals(work.toString(), commands.pwd(session));
    }

    @Test
    void refusalsNameThePathAndChangeNothing() throws Exception {
        commands.cd(session, "/stand");

        assertEquals("cd: /stand/nosuch: no such file or directory (ENOENT)",
                refused("/stand/nosuch", Errno.ENOENT).getMessage());
        assertEquals("cd: system: not a directory (ENOTDIR)", refused("system", Errno.ENOTDIR).getMessage());
        assertEquals("cd: /proc/nosuch: no such directory in the kernel's proc tree (ENOENT)",
                refused("/proc/nosuch", Errno.ENOENT).getMessage());
        assertEquals("cd: /proc/vmware/log: a proc entry, not a directory (ENOTDIR)",
                refused("/proc/vmware/log", Errno.ENOTDIR).getMessage());
        assertEquals("cd: usage: cd [DIRECTORY | -] (EINVAL)",
                assertThrows(CommandFailure.class, () -> commands.cd(session, "a", "b")).getMessage());
        assertEquals("/stand", commands.pwd(session));
    }

    @Test
    void cdMinusWithoutAPreviousDirectoryIsRefused() {
        assertEquals("cd: no previous directory (ENOENT)", refused("-", Errno.ENOENT).getMessage());
    }

    @Test
    void aModuleJarIsAHostFileNotAProcEntry() {
        commands.cd(session, "/proc/vmware");

        CommandFailure f = assertThrows(CommandFailure.class, () -> files.hostFile(session, "kminstall", "log"));

        assertEquals("kminstall: log: an entry of the kernel's proc tree, not a file kminstall can use (EINVAL)",
                f.getMessage());
    }
}
