package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModuleThreadTest {
    private final TransitionLock lock = new TransitionLock();
    private final ModuleThread thread = new ModuleThread(lock, Duration.ofMillis(1500));

    @AfterEach
    void stop() {
        thread.shutdown();
    }

    @Test
    void moduleCodeRunsOnOneLongLivedKernelThread() throws Exception {
        Thread first = thread.call("m", "load", Thread::currentThread);
        for (int i = 0; i < 300; i++) {
            assertSame(first, thread.call("m", "load", Thread::currentThread));
        }
        assertEquals("dlkm-modules", first.getName());
        assertNotEquals(Thread.currentThread(), first);
    }

    @Test
    void errorsReachTheCallerUnchanged() {
        StackOverflowError e = assertThrows(StackOverflowError.class, () -> thread.call("m", "load", () -> {
            throw new StackOverflowError("deep");
        }));
        assertEquals("deep", e.getMessage());
    }

    @Test
    void aCallFromModuleCodeRunsAtOnceOnTheModuleThread() throws Exception {
        String inner = thread.call("outer", "load", () -> thread.call("inner", "load",
                () -> Thread.currentThread().getName()));
        assertEquals("dlkm-modules", inner);
    }

    @Test
    void theHolderLendsTheTransitionLockToModuleCodeWhileItWaits() throws Exception {
        AtomicReference<Boolean> entered = new AtomicReference<>();
        try (TransitionLock.Held held = lock.enter()) {
            thread.call("m", "load", () -> {
                try (TransitionLock.Held nested = lock.enter()) {
                    entered.set(lock.isHeldByCurrentThread());
                }
                return null;
            });
        }
        assertTrue(entered.get());
    }

    @Test
    void codeThatDoesNotReturnTimesOutAndTheNextCallGetsANewThread() throws Exception {
        KernelException e = assertThrows(KernelException.class, () -> thread.call("stuck", "unload", () -> {
            Thread.sleep(Long.MAX_VALUE);
            return null;
        }));
        assertEquals(Errno.ETIMEDOUT, e.errno());
        assertTrue(e.getMessage().startsWith("stuck: unload did not return within 1 s; the kernel abandoned its"
                + " thread dlkm-modules, which was at java.lang.Thread.sleep(Native Method) <- "),
                e.getMessage());
        assertEquals("dlkm-modules-2", thread.call("m", "load", () -> Thread.currentThread().getName()));
    }

    @Test
    void aTimedOutCallNoLongerHasTheLockOnLoan() throws Exception {
        AtomicReference<Boolean> heldLater = new AtomicReference<>();
        try (TransitionLock.Held held = lock.enter()) {
            assertThrows(KernelException.class, () -> thread.call("stuck", "load", () -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    heldLater.set(lock.isHeldByCurrentThread());
                }
                return null;
            }));
        }
        for (int i = 0; i < 100 && heldLater.get() == null; i++) {
            Thread.sleep(10);
        }
        assertEquals(Boolean.FALSE, heldLater.get());
    }
}
