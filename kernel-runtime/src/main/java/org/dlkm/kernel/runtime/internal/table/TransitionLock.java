package org.dlkm.kernel.runtime.internal.table;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock that serialises transitions of the module table and changes of the catalog: loads, unloads, demand
 * loads, boot, shutdown, {@code kminstall}, {@code kmsystem}.
 *
 * <p>The holder may <em>lend</em> the lock to a worker thread while it waits for that worker: the kernel's module
 * thread, running a module's {@code load} or {@code unload} for the holder. Module code may call the kernel (a
 * nested demand load, a query of the catalog); on the lent thread those calls enter without blocking, because the
 * holder does nothing but wait for the worker, so the two never touch the table at once. The holder takes the loan
 * back when the worker returns or when the watchdog gives up on it; after that, the worker is a thread like any
 * other and waits for the lock.
 *
 * <p>Threading: {@link #enter} may be called from any thread; {@link #lend} and {@link #takeBack} only by the
 * holder.
 */
public final class TransitionLock {
    private final ReentrantLock lock = new ReentrantLock();
    /** The thread the holder lent the lock to, or null. Written by the holder, read by any thread. */
    private volatile Thread borrower;

    /** One entry into the lock; closing it leaves. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final Held BORROWED = () -> {
    };

    /**
     * Enters the lock: at once on the holder's thread or on the thread it lent the lock to, else when the holder
     * leaves.
     */
    public Held enter() {
        if (Thread.currentThread() == borrower) {
            return BORROWED;
        }
        lock.lock();
        return lock::unlock;
    }

    /** @return whether the current thread holds the lock or has it on loan */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread() || Thread.currentThread() == borrower;
    }

    /**
     * Lends the lock to a worker the holder is about to wait for.
     *
     * @return the previous borrower, to give to {@link #takeBack}
     * @throws IllegalStateException if the current thread does not hold the lock
     */
    public Thread lend(Thread worker) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("only the holder of the transition lock can lend it");
        }
        Thread previous = borrower;
        borrower = worker;
        return previous;
    }

    /** Ends a loan made by {@link #lend}, restoring the borrower before it. */
    public void takeBack(Thread previous) {
        borrower = previous;
    }
}
