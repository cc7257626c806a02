package org.dlkm.kernel.runtime.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The kernel-owned thread that runs module code: creating a module's wrapper, its {@code load} and its
 * {@code unload}. Loading a module's classes leaves per-thread state behind on the loading thread (Felix 7.0.5's
 * bundle wiring keeps a cycle-check {@link ThreadLocal} per wiring and never removes it); running module code here
 * keeps that off the administrator's threads, and the thread is replaced every {@value #CALLS_PER_THREAD} calls
 * so that the state goes with it.
 *
 * <p>Threading: {@link #call} may be called from any thread; calls are serialised. A call blocks its caller until
 * the task ends, so module code must not wait for the caller (it runs while the kernel's transition lock is
 * held by the caller).
 */
final class ModuleThread {
    static final int CALLS_PER_THREAD = 256;

    private ExecutorService executor;
    private int calls;
    private int threads;

    /**
     * Runs a task on the module thread and waits for it.
     *
     * @return what the task returned
     * @throws Exception what the task threw
     */
    synchronized <T> T call(Callable<T> task) throws Exception {
        if (executor == null || calls >= CALLS_PER_THREAD) {
            if (executor != null) {
                executor.shutdown();
            }
            int number = ++threads;
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "dlkm-modules-" + number);
                t.setDaemon(true);
                t.setContextClassLoader(null);
                return t;
            });
            calls = 0;
        }
        calls++;
        Future<T> result = executor.submit(task);
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Ends the module thread. */
    synchronized void shutdown() {
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }
}
