package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home's lock between real processes: the other process is a {@link LockHolderProcess}. */
class HomeLock_ProcessesTest {

    @TempDir
    Path tmp;

    private Process holder;

    @AfterEach
    void killTheHolder() throws InterruptedException {
        if (holder != null) {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void theHolderWritesItsProcessIdIntoTheLockFile() throws Exception {
        holder = LockHolderProcess.start(tmp.resolve("var"));

        RunDirectory run = RunDirectory.prepare(tmp.resolve("var"));

        assertEquals(OptionalLong.of(holder.pid()), HomeLock.holder(run));
        assertEquals("process " + holder.pid(), HomeLock.describeHolder(run));
    }

    @Test
    void noOtherProcessGetsTheLockWhileItIsHeld() throws Exception {
        holder = LockHolderProcess.start(tmp.resolve("var"));

        assertEquals(Optional.empty(), HomeLock.tryAcquire(RunDirectory.prepare(tmp.resolve("var"))));
    }

    @Test
    void aHolderKilledWithKillMinus9LeavesNoStaleLock() throws Exception {
        holder = LockHolderProcess.start(tmp.resolve("var"));
        holder.destroyForcibly().waitFor();

        RunDirectory run = RunDirectory.prepare(tmp.resolve("var"));
        try (HomeLock lock = HomeLock.tryAcquire(run).orElseThrow()) {
            assertEquals(ProcessHandle.current().pid(), lock.pid());
        }
        assertEquals(ProcessHandle.current().pid() + "\n",
                Files.readString(run.lockFile(), StandardCharsets.US_ASCII));
    }

    @Test
    void aReleasedLockIsFreeForTheNextKernel() throws Exception {
        holder = LockHolderProcess.start(tmp.resolve("var"));
        holder.getOutputStream().close();
        assertEquals(0, holder.waitFor());

        assertTrue(HomeLock.tryAcquire(RunDirectory.prepare(tmp.resolve("var"))).map(lock -> {
            lock.close();
            return true;
        }).orElse(false));
    }

    @Test
    void takingTheLockTwiceInOneProcessIsAProgrammingError() throws Exception {
        RunDirectory run = RunDirectory.prepare(tmp.resolve("var"));
        try (HomeLock lock = HomeLock.tryAcquire(run).orElseThrow()) {
            assertThrows(IllegalStateException.class, () -> HomeLock.tryAcquire(run));
        }
    }
}
