package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home, its {@code run/} directory and its lock file must be the user's own, and {@code run/} closed to everyone
 * else. Files of another user are made with {@code chown}, which only root may do: those tests run as root only.
 */
class RunDirectory_ChecksTest {

    private static final int ANOTHER_UID = 4242;

    @TempDir
    Path tmp;

    @Test
    void aNewHomeGetsARunDirectoryOnlyItsOwnerMayEnter() throws Exception {
        RunDirectory run = RunDirectory.prepare(tmp.resolve("a/var"));

        assertEquals(tmp.resolve("a/var/run/dlkm.lock"), run.lockFile());
        assertEquals(tmp.resolve("a/var/run/dlkm.sock"), run.socket());
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("a/var/run"), LinkOption.NOFOLLOW_LINKS)));
    }

    @Test
    void aRunDirectoryOthersMayEnterIsRefusedWithTheCommandThatFixesIt() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("var/run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));

        LauncherException e = assertThrows(LauncherException.class, () -> RunDirectory.prepare(tmp.resolve("var")));

        assertEquals("the run directory " + run + " has mode rwxr-xr-x: only its owner may enter the directory that"
                + " holds the kernel's socket; fix it with chmod 700 " + run, e.getMessage());
    }

    @Test
    void aSymbolicLinkInPlaceOfTheRunDirectoryIsRefused() throws Exception {
        Files.createDirectories(tmp.resolve("var"));
        Files.createSymbolicLink(tmp.resolve("var/run"), Files.createDirectories(tmp.resolve("elsewhere")));

        LauncherException e = assertThrows(LauncherException.class, () -> RunDirectory.prepare(tmp.resolve("var")));

        assertEquals(tmp.resolve("var/run") + " is not a directory (a symbolic link or a file is refused): it holds"
                + " the running kernel's lock and socket; remove it and dlkm creates it again", e.getMessage());
    }

    @Test
    void aHomeOfAnotherUserIsRefused() throws Exception {
        assumeRoot();
        Path home = Files.createDirectories(tmp.resolve("var"));
        Files.setAttribute(home, "unix:uid", ANOTHER_UID);

        LauncherException e = assertThrows(LauncherException.class, () -> RunDirectory.prepare(home));

        assertEquals("the kernel home " + home + " belongs to user ID 4242, not to you (user ID 0): a kernel home is"
                + " used by its owner only; choose a home of your own with --home DIR", e.getMessage());
    }

    @Test
    void aRunDirectoryOfAnotherUserIsRefused() throws Exception {
        assumeRoot();
        Path run = Files.createDirectories(tmp.resolve("var/run"));
        Files.setPosixFilePermissions(run, RunDirectory.OWNER_ONLY);
        Files.setAttribute(run, "unix:uid", ANOTHER_UID);

        LauncherException e = assertThrows(LauncherException.class, () -> RunDirectory.prepare(tmp.resolve("var")));

        assertEquals("the run directory " + run + " belongs to user ID 4242, not to you (user ID 0): it holds the"
                + " running kernel's lock and socket; remove it and dlkm creates it again, or choose a home of your"
                + " own with --home DIR", e.getMessage());
    }

    @Test
    void aLockFileOfAnotherUserIsRefused() throws Exception {
        assumeRoot();
        RunDirectory run = RunDirectory.prepare(tmp.resolve("var"));
        Files.writeString(run.lockFile(), "1\n");
        Files.setAttribute(run.lockFile(), "unix:uid", ANOTHER_UID);

        LauncherException e = assertThrows(LauncherException.class, () -> HomeLock.tryAcquire(run));

        assertEquals("the lock file " + run.lockFile() + " belongs to user ID 4242, not to you (user ID 0): another"
                + " user's kernel may hold it; remove it only if no kernel runs on this home, or choose a home of"
                + " your own with --home DIR", e.getMessage());
    }

    private static void assumeRoot() {
        assumeTrue(FileOwner.currentUid() == 0, "only root can give a file to another user");
    }
}
