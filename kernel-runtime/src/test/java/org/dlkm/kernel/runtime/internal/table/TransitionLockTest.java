package org.dlkm.kernel.runtime.internal.table;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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

    /**
     * A worker the holder lent the lock to, running "module code" (between moduleCodeBegins and moduleCodeEnds) that
     * waits on a latch; the test takes the loan from it on another thread.
     */
    private final class Borrower extends Thread {
        final CountDownLatch inModuleCode = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch kernelCallDone = new CountDownLatch(1);
        volatile boolean callKernel;
        volatile long endedAt;

        @Override
        public void run() {
            int saved = lock.moduleCodeBegins();
            inModuleCode.countDown();
            try {
                release.await();
                if (callKernel) {
                    try (TransitionLock.Held held = lock.enter()) {
                        kernelCallDone.countDown();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.moduleCodeEnds(saved);
                endedAt = System.nanoTime();
            }
        }
    }

    @Test
    void aLoanIsTakenFromModuleCodeThatWaitsAndItsKernelCallsWaitForTheLoanToComeBack() throws Exception {
        Borrower worker = new Borrower();
        worker.callKernel = true;
        try (TransitionLock.Held held = lock.enter()) {
            Thread previous = lock.lend(worker);
            worker.start();
            assertTrue(worker.inModuleCode.await(5, TimeUnit.SECONDS));

            AtomicBoolean took = new AtomicBoolean();
            CountDownLatch taken = new CountDownLatch(1);
            CountDownLatch giveBack = new CountDownLatch(1);
            Thread autoload = new Thread(() -> {
                try {
                    took.set(lock.takeLoan(worker, 5_000));
                    taken.countDown();
                    assertTrue(lock.isHeldByCurrentThread());
                    giveBack.await();
                } catch (InterruptedException e) {
                    return;
                } finally {
                    if (took.get()) {
                        lock.giveBack();
                    }
                }
            });
            autoload.start();
            assertTrue(taken.await(5, TimeUnit.SECONDS));
            assertTrue(took.get());

            worker.release.countDown();
            assertFalse(worker.kernelCallDone.await(200, TimeUnit.MILLISECONDS),
                    "the module code entered the kernel while its loan was taken");
            giveBack.countDown();
            assertTrue(worker.kernelCallDone.await(5, TimeUnit.SECONDS));
            worker.join(5_000);
            autoload.join(5_000);
            lock.takeBack(previous);
        }
    }

    @Test
    void theEndOfModuleCodeWaitsForALoanTakenFromIt() throws Exception {
        Borrower worker = new Borrower();
        try (TransitionLock.Held held = lock.enter()) {
            Thread previous = lock.lend(worker);
            worker.start();
            assertTrue(worker.inModuleCode.await(5, TimeUnit.SECONDS));
            CountDownLatch taken = new CountDownLatch(1);
            CountDownLatch giveBack = new CountDownLatch(1);
            AtomicLong givenBackAt = new AtomicLong();
            Thread autoload = new Thread(() -> {
                try {
                    if (lock.takeLoan(worker, 5_000)) {
                        taken.countDown();
                        giveBack.await();
                        givenBackAt.set(System.nanoTime());
                        lock.giveBack();
                    }
                } catch (InterruptedException e) {
                    // the test failed already
                }
            });
            autoload.start();
            assertTrue(taken.await(5, TimeUnit.SECONDS));
            worker.release.countDown();
            Thread.sleep(100);
            assertTrue(worker.isAlive(), "the module code ended while its loan was out");
            giveBack.countDown();
            worker.join(5_000);
            assertTrue(worker.endedAt >= givenBackAt.get());
            lock.takeBack(previous, worker, 1_000);
        }
    }

    @Test
    void noLoanIsTakenFromAThreadInsideAKernelCallUntilItReturnsToModuleCode() throws Exception {
        CountDownLatch inKernel = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            int saved = lock.moduleCodeBegins();
            try (TransitionLock.Held held = lock.enter()) {
                inKernel.countDown();
                leave.await();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.moduleCodeEnds(saved);
            }
        });
        try (TransitionLock.Held held = lock.enter()) {
            Thread previous = lock.lend(worker);
            worker.start();
            assertTrue(inKernel.await(5, TimeUnit.SECONDS));
            assertFalse(lock.takeLoan(worker, 100));
            leave.countDown();
            worker.join(5_000);
            assertFalse(lock.takeLoan(worker, 100), "no loan is taken from a borrower whose module code has ended");
            lock.takeBack(previous);
        }
    }

    @Test
    void aBorrowerMayLendTheLockOnToANestedWorker() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean nestedHasIt = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            Thread nested = new Thread(() -> nestedHasIt.set(lock.isHeldByCurrentThread()));
            Thread previous = lock.lend(nested);
            nested.start();
            try {
                nested.join(5_000);
            } catch (InterruptedException e) {
                return;
            }
            lock.takeBack(previous);
            done.countDown();
        });
        try (TransitionLock.Held held = lock.enter()) {
            Thread previous = lock.lend(worker);
            worker.start();
            assertTrue(done.await(5, TimeUnit.SECONDS));
            lock.takeBack(previous);
        }
        assertTrue(nestedHasIt.get());
    }
}
