package org.dlkm.kernel.runtime.internal.table;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class TransitionLockTest {
    private final TransitionLock lock = new TransitionLock();

    @Test
    void theHolderMayEnterAgain() {
        try (TransitionLock.Held outer = lock.enter(); TransitionLock.Held inner = lock.enter()) {
            assertTrue(lock.isHeldByCurrentThread());
        }
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void anotherThreadWaitsUntilTheHolderLeaves() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (TransitionLock.Held held = lock.enter()) {
                entered.countDown();
            }
        });
        try (TransitionLock.Held held = lock.enter()) {
            other.start();
            assertFalse(entered.await(100, TimeUnit.MILLISECONDS));
        }
        assertTrue(entered.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aThreadTheLockIsLentToEntersAtOnceAndNotAfterTheLoanEnds() throws Exception {
        AtomicBoolean enteredOnLoan = new AtomicBoolean();
        CountDownLatch enteredLater = new CountDownLatch(1);
        CountDownLatch loanOver = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try (TransitionLock.Held held = lock.enter()) {
                enteredOnLoan.set(lock.isHeldByCurrentThread());
            }
            try {
                loanOver.await();
            } catch (InterruptedException e) {
                return;
            }
            try (TransitionLock.Held held = lock.enter()) {
                enteredLater.countDown();
            }
        });
        try (TransitionLock.Held held = lock.enter()) {
            Thread previous = lock.lend(worker);
            worker.start();
            for (int i = 0; i < 500 && !enteredOnLoan.get(); i++) {
                Thread.sleep(10);
            }
            lock.takeBack(previous);
            loanOver.countDown();
            assertTrue(enteredOnLoan.get());
            assertFalse(enteredLater.await(100, TimeUnit.MILLISECONDS));
        }
        assertTrue(enteredLater.await(5, TimeUnit.SECONDS));
    }

    @Test
    void onlyTheHolderCanLendTheLock() {
        assertThrows(IllegalStateException.class, () -> lock.lend(new Thread(() -> { })));
    }
}
