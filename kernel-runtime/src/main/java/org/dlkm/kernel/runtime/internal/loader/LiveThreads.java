package org.dlkm.kernel.runtime.internal.loader;

import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.tune.KernelLimits;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The threads of a module that the kernel did not start for it: a thread the module created itself
 * ({@code new Thread}, an executor of its own) survives its unload, and holds its class loader, unless someone
 * stops it. This finds them, for {@code kmadmin -Q}, and interrupts them when the module is withdrawn, naming each
 * in the kernel log and the unload's result.
 *
 * <p>A thread is the module's if its context class loader is the module's bundle class loader: the kernel runs all
 * module code (its {@code load} and {@code unload}, its timer tasks, the threads of its context) with that context
 * class loader, so every thread the module creates inherits it, and a timer worker or the module thread has it
 * while it runs the module's code. A thread whose context class loader is no bundle's (the module changed it, or a
 * pool of the JDK created it) is the module's if a frame of its stack runs a class of the module's bundle (a class
 * the bundle's jar holds and its class loader defines); stacks are read only for threads created since the module's
 * load began (a higher {@link Thread#getId() ID} than any thread alive then), since only those can be threads the
 * module started, and reading a stack costs about 15 µs a thread: every stack at every unload would add half a
 * millisecond to an nfshaper load and unload of 1.4 ms. A thread with another bundle's context class loader is that
 * bundle's, whatever its stack: two modules may hold classes of the same names (two copies of one driver).
 *
 * <p>It also counts the threads modules start through their contexts, kernel-wide and by module, and refuses one past
 * the tunables {@code nproc} and {@code maxuprc} ({@link #admit}).
 *
 * <p>Threading: every method may be called from any thread; {@link #interrupt} is called with the transition lock
 * held, before the module's bundle is stopped.
 */
public final class LiveThreads {
    /** How long an interrupt is given to end the threads found, all together. */
    static final long STOP_TIMEOUT_MILLIS = 2000;

    /** What identifies a module's code. */
    interface ModuleCode {
        /** @return the module's bundle class loader */
        ClassLoader loader();

        /** @return whether the class of that name is the module's own */
        boolean defines(String className);
    }

    private final KernelLog log;
    private final KernelLimits limits;
    /** The threads started through module contexts, by module, until they end; guarded by this object. */
    private final Map<String, List<Thread>> started = new HashMap<>();

    public LiveThreads(KernelLog log) {
        this(log, KernelLimits.UNLIMITED);
    }

    /**
     * @param limits {@code nproc} and {@code maxuprc}, enforced by {@link #admit}
     */
    public LiveThreads(KernelLog log, KernelLimits limits) {
        this.log = log;
        this.limits = limits;
    }

    /**
     * Admits a thread a module is about to start through its context ({@code ModuleContext.startThread}), as HP-UX's
     * {@code fork} checks {@code nproc} and {@code maxuprc}: threads that have ended no longer count.
     *
     * @param module the module
     * @param thread the thread, not yet started
     * @throws KernelException {@code EAGAIN} if {@code nproc} threads of modules are alive kernel-wide, or the module
     *         has {@code maxuprc}
     */
    public synchronized void admit(String module, Thread thread) throws KernelException {
        int total = 0;
        for (List<Thread> threads : started.values()) {
            threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
            total += threads.size();
        }
        started.values().removeIf(List::isEmpty);
        long nproc = limits.get(KernelLimits.NPROC);
        if (total >= nproc) {
            throw new KernelException(Errno.EAGAIN, module + ": cannot start thread " + thread.getName() + ": "
                    + total + " module threads are alive kernel-wide, the limit nproc " + nproc + "; raise nproc"
                    + " (kmtune -s nproc=N, static: at the next boot) or end some threads");
        }
        List<Thread> own = started.computeIfAbsent(module, m -> new ArrayList<>());
        long maxuprc = limits.get(KernelLimits.MAXUPRC);
        if (own.size() >= maxuprc) {
            throw new KernelException(Errno.EAGAIN, module + ": cannot start thread " + thread.getName() + ": the"
                    + " module has " + own.size() + " threads alive, the limit maxuprc " + maxuprc + "; raise maxuprc"
                    + " (kmtune -u -s maxuprc=N, dynamic) or end some of its threads");
        }
        own.add(thread);
    }

    /**
     * Forgets a module's ended threads when it is withdrawn: a thread object, even ended, holds its context class
     * loader, which is the module's. One still alive keeps counting.
     */
    public synchronized void forgetAll(String module) {
        started.computeIfPresent(module, (m, threads) -> {
            threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
            return threads.isEmpty() ? null : threads;
        });
    }

    /** Forgets a thread that could not be started. */
    public synchronized void forget(String module, Thread thread) {
        List<Thread> own = started.get(module);
        if (own != null) {
            own.remove(thread);
        }
    }

    /** @return the highest ID of a live thread: every thread created after this call has a higher one */
    public static long newestThreadId() {
        long newest = 0;
        for (Thread t : allThreads()) {
            newest = Math.max(newest, t.getId());
        }
        return newest;
    }

    /** @return the names of the module's live threads, sorted; empty if its bundle is not resolved */
    public List<String> names(LoadedModule module) {
        List<String> names = new ArrayList<>();
        code(module.bundle).ifPresent(code -> find(code, module.threadIdAtLoad).forEach(t -> names.add(t.getName())));
        names.sort(null);
        return names;
    }

    /**
     * Interrupts the module's live threads, waits for them for a bounded time, and logs each, with where it was.
     *
     * @param when when they were found, for the log ({@code when it was withdrawn})
     * @return the names of the threads interrupted, in the order found
     */
    public List<String> interrupt(LoadedModule module, Bundle bundle, String when) {
        Optional<ModuleCode> code = code(bundle);
        return code.isEmpty() ? List.of() : interrupt(module.name(), code.get(), module.threadIdAtLoad, when);
    }

    List<String> interrupt(String module, ModuleCode code, long since, String when) {
        List<Thread> found = find(code, since);
        List<String> names = new ArrayList<>();
        for (Thread t : found) {
            String where = StackFrames.describe(t.getStackTrace(), List.of());
            t.interrupt();
            names.add(t.getName());
            log.log(module, "thread " + t.getName() + " was still running " + when + ", at " + where
                    + "; interrupted it (a module must stop the threads it starts in its unload)");
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT_MILLIS * 1_000_000;
        for (Thread t : found) {
            while (isModules(t, code, since, new HashMap<>()) && System.nanoTime() - deadline < 0) {
                sleep();
            }
            if (isModules(t, code, since, new HashMap<>())) {
                log.log(module, "thread " + t.getName() + " did not end within " + STOP_TIMEOUT_MILLIS + " ms of"
                        + " its interrupt; it keeps the module's class loader from being collected");
            }
        }
        return names;
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the live threads, other than the caller, that belong to the module */
    List<Thread> find(ModuleCode code, long since) {
        Map<String, Boolean> known = new HashMap<>();
        List<Thread> found = new ArrayList<>();
        for (Thread t : allThreads()) {
            if (t != Thread.currentThread() && isModules(t, code, since, known)) {
                found.add(t);
            }
        }
        return found;
    }

    private static boolean isModules(Thread t, ModuleCode code, long since, Map<String, Boolean> known) {
        if (!t.isAlive()) {
            return false;
        }
        ClassLoader context = t.getContextClassLoader();
        if (context == code.loader()) {
            return true;
        }
        if (context instanceof BundleReference || t.getId() <= since) {
            // another bundle's thread, which may run classes of the same names; or one older than the module
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            String name = frame.getClassName();
            if (!name.startsWith("java.") && known.computeIfAbsent(name, code::defines)) {
                return true;
            }
        }
        return false;
    }

    private static List<Thread> allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.asList(threads).subList(0, n);
    }

    /** @return the class loader of a resolved bundle; null for none, or a bundle without a wiring */
    public static ClassLoader loaderOf(Bundle bundle) {
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        return wiring == null ? null : wiring.getClassLoader();
    }

    /** @return the code of a resolved module bundle; empty for a bundle without a wiring (not resolved, or gone) */
    static Optional<ModuleCode> code(Bundle bundle) {
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        if (loader == null) {
            return Optional.empty();
        }
        return Optional.of(new ModuleCode() {
            @Override
            public ClassLoader loader() {
                return loader;
            }

            @Override
            public boolean defines(String className) {
                if (!holds(bundle, wiring, className)) {
                    return false;
                }
                try {
                    return Class.forName(className, false, loader).getClassLoader() == loader;
                } catch (ClassNotFoundException | LinkageError e) {
                    return false;
                }
            }
        });
    }

    /** @return whether the bundle's jar holds the class file; a look-up that loads no class */
    private static boolean holds(Bundle bundle, BundleWiring wiring, String className) {
        String path = className.replace('.', '/') + ".class";
        try {
            return bundle.getEntry(path) != null;
        } catch (IllegalStateException uninstalled) {
            int slash = path.lastIndexOf('/');
            List<URL> found = wiring.findEntries(slash < 0 ? "/" : path.substring(0, slash), path.substring(slash + 1),
                    0);
            return found != null && !found.isEmpty();
        }
    }
}
