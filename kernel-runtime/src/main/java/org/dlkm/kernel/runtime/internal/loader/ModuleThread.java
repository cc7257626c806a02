package org.dlkm.kernel.runtime.internal.loader;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;

/**
 * The kernel thread that runs module code: creating a module's wrapper, its {@code load} and its {@code unload}.
 * One long-lived thread, so that module code never runs on an administrator's thread or inside a framework
 * callback; replaced only when the watchdog gives up on it.
 *
 * <p>The watchdog: a caller waits at most the limit (the kernel tunable {@code modcall_timeout}, 30 s unless the
 * runtime is configured otherwise, read at each call). Past it the
 * call fails with {@code ETIMEDOUT}, naming the module, what it was doing and the top frames of the thread's
 * stack; the thread is interrupted and abandoned (it ends when its module code returns), and the next call gets a
 * new thread.
 *
 * <p>Re-entry: module code may call the kernel, which may run more module code (a module demand-loading a helper
 * from its {@code load}). A call made on the module thread runs at once on that thread, inside the caller's
 * watchdog, rather than waiting for itself. While the module thread works for a caller, the caller lends it the
 * {@link TransitionLock}.
 *
 * <p>Nested workers: module code that waits in its {@code load} for a service of a module that is not loaded keeps
 * the module thread busy while the kernel's autoload thread, which took the lock's loan from it, loads that module;
 * the loaded module's code then runs on a nested worker, ended after the call. Every worker is a module thread for
 * re-entry.
 *
 * <p>Threading: {@link #call} may be called from any thread; calls from outside the module threads are serialised
 * by the transition lock their callers hold (or have on loan).
 */
public final class ModuleThread {
    /** The limit when none is configured. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);
    /** Frames from these classes down are the kernel calling the module, not what the module was doing. */
    private static final List<String> CALLERS = List.of(ModuleThread.class.getName(),
            ModuleLoader.class.getName(), java.util.concurrent.FutureTask.class.getName());

    private final TransitionLock lock;
    private final Supplier<Duration> limit;
    private Worker worker;
    private int workers;

    /** One thread and its queue of tasks. */
    private static final class Worker extends Thread {
        private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        private volatile boolean abandoned;
        /** Whether a caller's task is queued or running on it. */
        private volatile boolean busy;

        Worker(String name) {
            super(name);
            setDaemon(true);
            setContextClassLoader(null);
        }

        @Override
        public void run() {
            while (!abandoned) {
                Runnable task;
                try {
                    task = tasks.take();
                } catch (InterruptedException e) {
                    continue;
                }
                task.run();
                Thread.interrupted();
            }
        }
    }

    public ModuleThread(TransitionLock lock, Duration limit) {
        this(lock, () -> limit);
    }

    /**
     * @param limit the watchdog's limit, read at each call: the dynamic tunable {@code modcall_timeout}
     */
    public ModuleThread(TransitionLock lock, Supplier<Duration> limit) {
        this.lock = lock;
        this.limit = limit;
    }

    /** @return whether the current thread is a module thread (module code calling the kernel) */
    public boolean isCurrent() {
        return Thread.currentThread() instanceof Worker w && !w.abandoned;
    }

    /**
     * Runs module code on the module thread and waits for it, at most the limit. On the module thread itself it
     * runs at once.
     *
     * @param module the module whose code runs, for messages
     * @param what what the code does ({@code load}), for messages
     * @param task the code; what it throws reaches the caller unchanged
     * @throws KernelException {@code ETIMEDOUT} if the code did not return within the limit, or what the task threw
     */
    public <T> T call(String module, String what, Callable<T> task) throws Exception {
        Callable<T> moduleCode = () -> {
            int saved = lock.moduleCodeBegins();
            try {
                return task.call();
            } finally {
                lock.moduleCodeEnds(saved);
            }
        };
        if (isCurrent()) {
            return moduleCode.call();
        }
        FutureTask<T> future = new FutureTask<>(moduleCode);
        Worker w = idleWorker();
        // lent before the task is queued: module code calling the kernel must find the loan in place
        boolean lent = lock.isHeldByCurrentThread();
        Thread previous = lent ? lock.lend(w) : null;
        try {
            w.tasks.add(future);
            return await(future, w, module, what);
        } finally {
            if (lent) {
                lock.takeBack(previous, w, this.limit.get().toMillis());
            }
            w.busy = false;
            if (w.abandoned) {
                // only once the loan is taken back: the interrupted code must find itself an ordinary thread
                w.interrupt();
            } else if (w != worker) {
                retire(w);
            }
        }
    }

    /**
     * @return the module thread, or, while its module code waits for a load the kernel's autoload thread makes
     *     (which took the loan from it), a nested worker for that load's module code, ended after its call
     */
    private synchronized Worker idleWorker() {
        if (worker == null || !worker.isAlive() || worker.abandoned) {
            worker = newWorker("");
        }
        Worker w = worker.busy ? newWorker("nested-") : worker;
        w.busy = true;
        return w;
    }

    private Worker newWorker(String kind) {
        workers++;
        Worker w = new Worker(workers == 1 ? "dlkm-modules" : "dlkm-modules-" + kind + workers);
        w.start();
        return w;
    }

    private static void retire(Worker w) {
        w.abandoned = true;
        w.tasks.add(() -> {
        });
    }

    private <T> T await(FutureTask<T> future, Worker w, String module, String what) throws Exception {
        Duration limit = this.limit.get();
        long deadline = System.nanoTime() + limit.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    // the module code is still running: waiting is the only safe thing, and the watchdog bounds it
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception ex) {
                        throw ex;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(cause);
                } catch (TimeoutException e) {
                    throw abandon(w, module, what, limit);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Gives up on a worker whose task outlived the limit. */
    private KernelException abandon(Worker w, String module, String what, Duration limit) {
        String where = StackFrames.describe(w.getStackTrace(), CALLERS);
        synchronized (this) {
            w.abandoned = true;
            if (worker == w) {
                worker = null;
            }
        }
        return new KernelException(Errno.ETIMEDOUT, module + ": " + what + " did not return within "
                + limit.toSeconds() + " s; the kernel abandoned its thread " + w.getName() + ", which was at " + where);
    }

    /** Ends the module thread once its queued work is done; an abandoned one ends when its module code returns. */
    public synchronized void shutdown() {
        if (worker != null) {
            Worker w = worker;
            worker = null;
            w.abandoned = true;
            w.tasks.add(() -> {
            });
        }
    }
}
