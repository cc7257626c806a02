package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Sessions and halting, before any framework boots (the host admits sessions from the moment it exists). */
class KernelHost_SessionsTest {

    private final PrintStream console = new PrintStream(PrintStream.nullOutputStream());

    @Test
    void aPrivateKernelIsAskedToHaltWhenItsLastSessionLeaves() {
        KernelHost host = new KernelHost(KernelHost.Policy.PRIVATE, console, false);
        int[] halts = new int[1];
        host.onHalt(() -> halts[0]++);
        host.enter();
        host.enter();

        host.leave();
        assertEquals(0, halts[0]);
        host.leave();

        assertEquals(1, halts[0]);
        assertFalse(host.enter(), "a halting kernel admits no session");
    }

    @Test
    void aDaemonRunsOnWithoutSessions() {
        KernelHost host = new KernelHost(KernelHost.Policy.DAEMON, console, false);
        host.enter();

        host.leave();

        assertTrue(host.enter());
    }

    @Test
    void sessionsWaitingForAKernelWhoseBootFailedLearnThatItHalted() throws Exception {
        KernelHost host = new KernelHost(KernelHost.Policy.PRIVATE, console, false);
        host.enter();
        CompletableFuture<Generation> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return host.awaitGeneration(null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        host.failed();

        assertNull(waiting.get(5, TimeUnit.SECONDS));
        assertTrue(host.halted());
        assertTrue(host.awaitHalted(Duration.ZERO));
    }
}
