package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One kernel per home, with real {@code dlkm} processes: a kernel killed with {@code kill -9} leaves no stale lock,
 * and a home, a lock file or a socket of another user is refused, with status 2. Giving a file to another user takes
 * root: those tests run as root only.
 */
class KernelHomeLockIT {

    @TempDir
    Path tmp;

    @Test
    void aKernelKilledWithKillMinus9LeavesAHomeTheNextDlkmBootsCleanly() throws Exception {
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.start(tmp, "--home", home.toString())) {
            kernel.send("kmadmin -L e100\n");
            kernel.awaitOutput("Module e100 loaded, ID = 2");
            kernel.kill();
        }

        DlkmProcess.Result next = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "kmadmin -s; scanpci");

        assertEquals(0, next.status(), next.output());
        assertTrue(next.output().startsWith("Name            ID      Status          Type\n"
                + "=====================================================\n"
                + "pci bus 0x0000 cardnum 0x00"), next.output());
    }

    @Test
    void aHomeOfAnotherUserIsRefusedBeforeAnythingIsWrittenInIt() throws Exception {
        assumeTrue(FileOwner.currentUid() == 0, "only root can give a home to another user");
        Path home = Files.createDirectories(tmp.resolve("var"));
        Files.setAttribute(home, "unix:uid", 4242);

        DlkmProcess.Result run = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "scanpci");

        assertEquals(2, run.status());
        assertEquals("dlkm: the kernel home " + home + " belongs to user ID 4242, not to you (user ID 0): a kernel"
                + " home is used by its owner only; choose a home of your own with --home DIR\n", run.output());
        try (var entries = Files.list(home)) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void aLockFileOfAnotherUserIsRefusedAndLeftAlone() throws Exception {
        assumeTrue(FileOwner.currentUid() == 0, "only root can give a lock file to another user");
        Path home = tmp.resolve("var");
        Path run = Files.createDirectories(home.resolve("run"));
        Files.setPosixFilePermissions(run, RunDirectory.OWNER_ONLY);
        Path lock = Files.writeString(run.resolve("dlkm.lock"), "4242\n");
        Files.setAttribute(lock, "unix:uid", 4242);

        DlkmProcess.Result result = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "scanpci");

        assertEquals(2, result.status());
        assertEquals("dlkm: the lock file " + lock + " belongs to user ID 4242, not to you (user ID 0): another"
                + " user's kernel may hold it; remove it only if no kernel runs on this home, or choose a home of your"
                + " own with --home DIR\n", result.output());
        assertEquals("4242\n", Files.readString(lock));
    }

    @Test
    void theSocketOfAnotherUsersKernelIsRefused() throws Exception {
        assumeTrue(FileOwner.currentUid() == 0, "only root can give a socket to another user");
        Path home = tmp.resolve("var");
        try (DlkmProcess kernel = DlkmProcess.holdKernel(tmp, home)) {
            Path socket = home.resolve("run/dlkm.sock");
            Files.setAttribute(socket, "unix:uid", 4242);

            DlkmProcess.Result run = DlkmProcess.run(tmp, "", "--home", home.toString(), "-c", "scanpci");

            assertEquals(2, run.status());
            assertEquals("dlkm: the socket " + socket + " belongs to user ID 4242, not to you (user ID 0): refusing to"
                    + " attach to another user's kernel; remove the socket if no kernel of yours runs on this home, or"
                    + " choose a home of your own with --home DIR\n", run.output());
        }
    }
}
