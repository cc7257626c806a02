package org.dlkm.kernel.runtime.internal.loader;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.tune.KernelLimits;

import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.spi.ModuleTimer;

/**
 * The timers of module code ({@code ModuleContext.schedule}). One thread, {@code dlkm-timers}, keeps time and never
 * runs module code: when a task falls due it is handed to its module's {@link Lane}. A lane runs its module's tasks
 * one at a time, in the order they fall due, on a worker ({@code dlkm-timer-N}) of a pool that every module shares;
 * the pool starts a worker when none is free, and ends one that has been idle for a minute.
 *
 * <p>Why this class is large: the lanes, the clock, the run-time limit and the kernel tunables on timers
 * ({@code ncallout} and the automatic {@code callout_workers}) share one lock discipline and one set of tasks; split
 * apart, each part would have to reach into the others' state.
 *
 * <h2>Why lanes on a growing pool</h2>
 * The JVM cannot take a thread back from code that blocks. On a fixed pool (the kernel had two threads) two blocked
 * tasks stopped every timer of every module, e100's watchdog among them. A bounded run time alone does not help:
 * the kernel can report and interrupt a task that runs too long, not reclaim its thread. A thread per module would
 * isolate modules too, but costs a thread start for every load that uses a timer (about 0.45 ms, a third of an
 * nfshaper load and unload; see P1 in the README). With lanes, a blocked task holds one worker and delays only its
 * own module's later tasks; other modules' tasks run on other workers; and workers are reused from load to load.
 *
 * <h2>Bounded run time</h2>
 * A task still running after the limit (the module-code limit of {@link ModuleThread}, 30 s unless configured) is
 * reported once in the kernel log, with its module and where it is, and interrupted.
 *
 * <h2>Missed ticks</h2>
 * A tick that finds its task still waiting in the lane or running is skipped: a periodic task whose run outlasts its
 * period runs again once it returns, not once for every period it missed.
 *
 * <p>Threading: every method may be called from any thread. A lane's state is guarded by the lane's monitor; the
 * kernel interrupts a worker only under that monitor, while the worker runs the task the interrupt is meant for, and
 * the worker clears its interrupt under the same monitor when the task returns, so no interrupt reaches another task.
 */
public final class ModuleTimers {
    /** Frames from these classes down are the kernel running a timer task, not the task. */
    private static final List<String> CALLERS = List.of(ModuleTimers.class.getName(),
            ThreadPoolExecutor.class.getName());

    /** How many pending timers one ready worker stands for when the kernel tunes {@code callout_workers}. */
    static final int TIMERS_PER_WORKER = 8;

    private final ScheduledThreadPoolExecutor clock;
    private final ThreadPoolExecutor workers;
    private final Supplier<Duration> limit;
    private final KernelLimits limits;
    private final KernelLog log;
    /** The timers not yet done, over all lanes ({@code ncallout}). */
    private final Set<Task> live = ConcurrentHashMap.newKeySet();

    /**
     * @param limit how long a task may run before it is reported and interrupted
     * @param log where overruns and failures of tasks are reported
     */
    public ModuleTimers(Duration limit, KernelLog log) {
        this(() -> limit, KernelLimits.UNLIMITED, log);
    }

    /**
     * @param limit how long a task may run before it is reported and interrupted, read at each run
     * @param limits {@code ncallout}, enforced when a timer starts, and {@code callout_workers}, tuned here
     * @param log where overruns and failures of tasks are reported
     */
    public ModuleTimers(Supplier<Duration> limit, KernelLimits limits, KernelLog log) {
        this.limit = limit;
        this.limits = limits;
        this.log = log;
        clock = new ScheduledThreadPoolExecutor(1, task -> kernelThread(task, "dlkm-timers"));
        clock.setRemoveOnCancelPolicy(true);
        AtomicInteger count = new AtomicInteger();
        workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> kernelThread(task, "dlkm-timer-" + count.incrementAndGet()));
    }

    private static Thread kernelThread(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.setContextClassLoader(null);
        return t;
    }

    private static String limitText(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

    /**
     * Admits a new timer against {@code ncallout}, then tunes {@code callout_workers}: one ready worker for every
     * {@value #TIMERS_PER_WORKER} pending timers, never fewer than its planned value.
     */
    private void admit(String module, Task task) throws KernelException {
        live.removeIf(Task::isDone);
        long ncallout = limits.get(KernelLimits.NCALLOUT);
        if (live.size() >= ncallout) {
            throw new KernelException(Errno.EAGAIN, module + ": cannot start a timer: " + live.size()
                    + " module timers are pending kernel-wide, the limit ncallout " + ncallout + "; raise ncallout"
                    + " (kmtune -s ncallout=N, static: at the next boot) or cancel some timers");
        }
        live.add(task);
        tuneWorkers();
    }

    /** Sets {@code callout_workers} from the timers pending now. */
    void tuneWorkers() {
        live.removeIf(Task::isDone);
        long wanted = Math.max(limits.floor(KernelLimits.CALLOUT_WORKERS),
                (live.size() + TIMERS_PER_WORKER - 1) / TIMERS_PER_WORKER);
        int workersWanted = (int) Math.min(wanted, 256);
        synchronized (workers) {
            if (workers.getCorePoolSize() != workersWanted && !workers.isShutdown()) {
                workers.setCorePoolSize(workersWanted);
                limits.tuned(KernelLimits.CALLOUT_WORKERS, workersWanted);
            }
        }
    }

    /** @return the timers not yet done, kernel-wide */
    public int live() {
        live.removeIf(Task::isDone);
        return live.size();
    }

    /**
     * @param loader the module's class loader, the context class loader of its tasks (so that a thread a task
     *        creates inherits it), or null
     * @return a new lane for the timers of one load of a module
     */
    public Lane lane(String module, ClassLoader loader) {
        return new Lane(module, loader);
    }

    /** @return how many timers and run-time limits are waiting to fall due, over all lanes */
    public int pending() {
        return clock.getQueue().size();
    }

    /** Stops keeping time and interrupts the workers; called after every module has been withdrawn. */
    public void shutdown() {
        clock.shutdownNow();
        workers.shutdownNow();
    }

    /** One timer of a module. */
    private static final class Task implements ModuleTimer {
        final Runnable body;
        volatile ScheduledFuture<?> future;
        /** Waiting in the lane or running; written under the lane's monitor. */
        volatile boolean queued;

        Task(Runnable body) {
            this.body = body;
        }

        @Override
        public void cancel() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }

        @Override
        public boolean isDone() {
            ScheduledFuture<?> f = future;
            return f != null && f.isDone() && !queued;
        }

        boolean isCancelled() {
            ScheduledFuture<?> f = future;
            return f != null && f.isCancelled();
        }
    }

    /**
     * The timers of one load of a module, run one at a time. Closed when the module is withdrawn: its timers are
     * cancelled and a task still running can be waited for and interrupted.
     */
    public final class Lane {
        private final String module;
        private final ClassLoader loader;
        private final List<Task> tasks = new ArrayList<>();
        private final ArrayDeque<Task> due = new ArrayDeque<>();
        /** The worker running a task of this lane, or null. */
        private Thread runner;
        /** Counts the runs, so that a late limit check recognises the run it was set for. */
        private long runs;
        private ScheduledFuture<?> limitCheck;
        /** Whether a worker serves this lane: it takes due tasks until there are none. */
        private boolean served;
        private boolean closed;

        private Lane(String module, ClassLoader loader) {
            this.module = module;
            this.loader = loader;
        }

        /**
         * Starts a timer of the module.
         *
         * @throws IllegalStateException if the lane is closed
         * @throws KernelException {@code EAGAIN} if {@code ncallout} timers are pending kernel-wide
         */
        public ModuleTimer schedule(Runnable body, long delay, long period, TimeUnit unit) throws KernelException {
            Task task = new Task(body);
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException(module + " is unloaded: it can no longer start timers");
                }
                tasks.removeIf(Task::isDone);
                admit(module, task);
                tasks.add(task);
                task.future = period > 0 ? clock.scheduleAtFixedRate(() -> fallDue(task), delay, period, unit)
                        : clock.schedule(() -> fallDue(task), delay, unit);
            }
            return task;
        }

        /** On the clock: queues a run of the task, unless one is waiting or running, and finds it a worker. */
        private void fallDue(Task task) {
            synchronized (this) {
                if (closed || task.queued) {
                    return;
                }
                task.queued = true;
                due.add(task);
                if (served) {
                    return;
                }
                served = true;
            }
            try {
                workers.execute(this::serve);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    served = false;
                }
            }
        }

        /** On a worker: runs the due tasks, one at a time, until there are none. */
        private void serve() {
            while (true) {
                Task task;
                long run;
                synchronized (this) {
                    task = closed ? null : due.poll();
                    if (task == null) {
                        served = false;
                        return;
                    }
                    if (task.isCancelled()) {
                        task.queued = false;
                        continue;
                    }
                    run = ++runs;
                    runner = Thread.currentThread();
                    limitCheck = limitCheck(run);
                }
                Thread.currentThread().setContextClassLoader(loader);
                try {
                    task.body.run();
                } catch (Throwable t) {
                    log.log(module, "timer task failed: " + t);
                } finally {
                    Thread.currentThread().setContextClassLoader(null);
                    synchronized (this) {
                        if (limitCheck != null) {
                            limitCheck.cancel(false);
                        }
                        runner = null;
                        task.queued = false;
                        Thread.interrupted();
                        notifyAll();
                    }
                }
            }
        }

        /** @return the check of the run's time, or null if the kernel is shutting down */
        private ScheduledFuture<?> limitCheck(long run) {
            try {
                Duration now = limit.get();
                return clock.schedule(() -> checkLimit(run, now), now.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                return null;
            }
        }

        /** On the clock, the limit after a run began: reports and interrupts it if it still runs. */
        private void checkLimit(long run, Duration limit) {
            Thread t;
            synchronized (this) {
                if (runner == null || runs != run) {
                    return;
                }
                t = runner;
            }
            String where = StackFrames.describe(t.getStackTrace(), CALLERS);
            synchronized (this) {
                if (runner != t || runs != run) {
                    return;
                }
                t.interrupt();
            }
 log.log(module, "a timer task has run for more than " + limitText(limit) + " on " + t.getName()
                    + ", at " + where + "; interrupted it (a timer task must be short and must not block; the"
                    + " module's later timer tasks wait until it returns)");
        }

        /** Cancels every timer of the lane and drops the runs waiting; a task running goes on. */
        public void close() {
            List<Task> all;
            synchronized (this) {
                closed = true;
                all = new ArrayList<>(tasks);
                tasks.clear();
                due.forEach(task -> task.queued = false);
                due.clear();
            }
            all.forEach(Task::cancel);
            tuneWorkers();
        }

        /**
         * Waits until no task of the lane runs.
         *
         * @return whether none runs
         */
        public synchronized boolean awaitIdle(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (runner != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        /**
         * Interrupts the task running now, if any, and reports it in the kernel log with where it is.
         *
         * @param when when it was found running, for the log ({@code when the module was withdrawn})
         * @return the name of the worker it runs on; empty if no task runs
         */
        public Optional<String> interruptRunning(String when) {
            Thread t;
            synchronized (this) {
                t = runner;
            }
            if (t == null) {
                return Optional.empty();
            }
            String where = StackFrames.describe(t.getStackTrace(), CALLERS);
            synchronized (this) {
                if (runner != t) {
                    return Optional.empty();
                }
                t.interrupt();
            }
            log.log(module, "a timer task was still running " + when + ", on " + t.getName() + " at " + where
                    + "; interrupted it");
            return Optional.of(t.getName());
        }
    }
}
