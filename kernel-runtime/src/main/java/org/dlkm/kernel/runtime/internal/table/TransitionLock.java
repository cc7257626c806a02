package org.dlkm.kernel.runtime.internal.table;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock that serialises transitions of the module table and changes of the catalog: loads, unloads, demand
 * loads, boot, shutdown, {@code kminstall}, {@code kmsystem}.
 *
 * <p><b>Loans.</b> The holder may <em>lend</em> the lock to a worker thread while it waits for that worker: the
 * kernel's module thread, running a module's {@code load} or {@code unload} for the holder. Module code may call
 * the kernel (a nested demand load, a query of the catalog); on the lent thread those calls enter without blocking,
 * because the holder does nothing but wait for the worker, so the two never touch the table at once. The holder
 * takes the loan back when the worker returns or when the watchdog gives up on it; after that, the worker is a
 * thread like any other and waits for the lock. A borrower may lend the lock on in turn (a nested load's module
 * code runs on another worker).
 *
 * <p><b>Taking a loan from module code that waits.</b> Module code may wait for something only another module's
 * load provides (a service it tracks, which the kernel autoloads). Such a load cannot wait for the lock, whose
 * holder waits for the module code. So the kernel's autoload thread may {@linkplain #takeLoan take the loan} from a
 * borrower that is running module code and not inside a kernel call ({@link #moduleCodeBegins} and
 * {@link #enter} keep count), and gives it back when done. Until then the borrower cannot enter the kernel: an
 * {@link #enter} waits for the loan to come back, and so does the end of its module code
 * ({@link #moduleCodeEnds}), so that the kernel code around it never runs beside the thread that took the loan.
 * The borrower is therefore always the one thread that may touch the table.
 *
 * <p>Threading: {@link #enter} may be called from any thread; {@link #lend} and {@link #takeBack} only by the
 * holder or the borrower; the loan bookkeeping is guarded by this object's monitor.
 */
public final class TransitionLock {
    private final ReentrantLock lock = new ReentrantLock();
    /** What an entry that took the lock itself returns: one object, not one per entry. */
    private final Held unlock = lock::unlock;
    /** The thread the lock is lent to, or null. Written under the monitor, read by any thread. */
    private volatile Thread borrower;
    /** Kernel calls in progress per thread that entered as borrower; module code running resets it to zero. */
    private final Map<Thread, Integer> depth = new HashMap<>();
    /** Loans taken from module code that waits: the thread it was taken from, innermost last. */
    private final Deque<Thread> takenFrom = new ArrayDeque<>();

    /** One entry into the lock; closing it leaves. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Enters the lock: at once on the holder's thread or on the thread it lent the lock to (after any loan taken
     * from that thread has come back), else when the holder leaves.
     */
    public Held enter() {
        if (lock.isHeldByCurrentThread()) {
            // the holder entering again (a plan's lookups, one per step): the owner is never a borrower or waiting
            lock.lock();
            return unlock;
        }
        Thread me = Thread.currentThread();
        synchronized (this) {
            awaitReturned(me);
            if (me == borrower) {
                depth.merge(me, 1, Integer::sum);
                return () -> {
                    synchronized (this) {
                        depth.merge(me, -1, Integer::sum);
                        notifyAll();
                    }
                };
            }
        }
        lock.lock();
        return unlock;
    }

    /** @return whether the current thread holds the lock or has it on loan */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread() || Thread.currentThread() == borrower;
    }

    /**
     * Lends the lock to a worker the caller is about to wait for.
     *
     * @return the previous borrower, to give to {@link #takeBack}
     * @throws IllegalStateException if the current thread neither holds the lock nor has it on loan
     */
    public synchronized Thread lend(Thread worker) {
        if (!isHeldByCurrentThread()) {
            throw new IllegalStateException("only the holder of the transition lock, or its borrower, can lend it");
        }
        Thread previous = borrower;
        borrower = worker;
        return previous;
    }

    /** Ends a loan made by {@link #lend}, restoring the borrower before it. */
    public synchronized void takeBack(Thread previous) {
        borrower = previous;
        notifyAll();
    }

    /**
     * Ends a loan made by {@link #lend} once a loan taken from the worker (or from a worker it lent on to) has come
     * back, waiting at most the given time: after that the thread that took it is abandoned as module code the
     * watchdog gave up on is, and its further calls no longer count as the lock's.
     *
     * @param previous what {@link #lend} returned
     * @param worker the thread it was lent to
     */
    public synchronized void takeBack(Thread previous, Thread worker, long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        boolean interrupted = false;
        while (!takenFrom.isEmpty() && borrower != worker && System.nanoTime() < deadline) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (borrower != worker) {
            takenFrom.clear();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        takeBack(previous);
    }

    /**
     * Module code begins on the current thread: kernel calls further out on this thread are suspended until it
     * ends, so a loan may be taken from it while it waits.
     *
     * @return what to give to {@link #moduleCodeEnds}
     */
    public synchronized int moduleCodeBegins() {
        Integer saved = depth.put(Thread.currentThread(), 0);
        notifyAll();
        return saved == null ? 0 : saved;
    }

    /** Module code ended on the current thread: waits for a loan taken from it, then the kernel code resumes. */
    public synchronized void moduleCodeEnds(int saved) {
        Thread me = Thread.currentThread();
        awaitReturned(me);
        if (saved == 0) {
            depth.remove(me);
        } else {
            depth.put(me, saved);
        }
    }

    /**
     * Takes the loan from a borrower running module code that waits, for the current thread.
     *
     * @param from the borrower, as it was when its module code asked for what it waits for
     * @param timeoutMillis how long to wait for the borrower to be in module code, outside any kernel call
     * @return whether the current thread now has the lock on loan; false if {@code from} no longer has it (its
     *     module code ended and the loan went back: the caller then enters the ordinary way) or the time ran out
     *     while it was not in module code
     */
    public synchronized boolean takeLoan(Thread from, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (borrower == from && !inModuleCode(from)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (borrower != from || from == null) {
            return false;
        }
        takenFrom.addLast(from);
        borrower = Thread.currentThread();
        return true;
    }

    /** Gives back a loan taken with {@link #takeLoan}. */
    public synchronized void giveBack() {
        Thread from = takenFrom.pollLast();
        depth.remove(Thread.currentThread());
        borrower = from;
        notifyAll();
    }

    /** @return whether the thread runs module code now, outside any kernel call it made */
    private boolean inModuleCode(Thread t) {
        Integer d = depth.get(t);
        return d != null && d == 0;
    }

    private void awaitReturned(Thread me) {
        boolean interrupted = false;
        while (takenFrom.contains(me)) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
