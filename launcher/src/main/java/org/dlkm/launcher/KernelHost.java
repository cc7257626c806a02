package org.dlkm.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;

/**
 * The kernel this process runs, and the sessions that use it: the launcher's own and the attached ones.
 *
 * <p>Lifecycle. The host exists, and admits sessions, from the moment the launcher holds the home's lock: shells
 * that attach while the kernel boots wait for it, instead of booting kernels of their own one after the other. The
 * launcher then boots the framework and hands it {@link #ready} with its first {@link Generation} (or reports that
 * the boot {@link #failed}); {@link #run} watches the framework on a thread of its own. When the system bundle is
 * updated ({@code shutdown -r}, {@code reboot}) Felix stops and starts the framework again in place: {@code run}
 * readies the new generation and the sessions go on in it. When the framework stops for good ({@code shutdown -h}, {@code ./dlkm --stop},
 * {@link #halt}), the runtime unloads every module, newest first, and {@code run} returns. A private kernel halts
 * when its last session leaves; a daemon only when asked.
 *
 * <p>Sessions. A session {@link #enter enters} before it runs anything, and is refused once the kernel halts (the
 * shell then finds or boots the next kernel). It runs its commands in the current generation; when the framework
 * begins to stop, the generation ends, the {@link #onGoingDown} actions run (a terminal session ends its shell),
 * and the session waits in {@link #awaitGeneration} for the next generation, or learns that the kernel halted.
 *
 * <p>Threading: thread-safe; the state is guarded by this object's monitor, and actions run without it.
 */
final class KernelHost {

    /** When a kernel stops. */
    enum Policy {
        /** when its last session leaves: the kernel a {@code ./dlkm} booted for its own session */
        PRIVATE,
        /** only when asked: {@code ./dlkm --daemon} */
        DAEMON
    }

    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 20;

    private final Policy policy;
    private final PrintStream console;
    private final boolean verbose;
    private final List<Runnable> goingDownActions = new CopyOnWriteArrayList<>();
    private final List<Runnable> haltActions = new CopyOnWriteArrayList<>();

    private Framework framework;
    private Generation generation;
    private int generations;
    private int sessions;
    private boolean haltRequested;
    private boolean halted;

    /**
     * A host for a kernel about to boot: it admits sessions at once, which wait for {@link #ready}.
     *
     * @param console where the kernel reports what goes wrong with a reboot
     */
    KernelHost(Policy policy, PrintStream console, boolean verbose) {
        this.policy = policy;
        this.console = console;
        this.verbose = verbose;
    }

    /**
     * The kernel booted: sessions run in its first generation from now on. A halt asked for during the boot stops
     * it at once.
     */
    void ready(Framework booted, Generation first) {
        boolean haltNow;
        synchronized (this) {
            framework = booted;
            generation = first;
            generations = first.number();
            haltNow = haltRequested;
            notifyAll();
        }
        watchStopping();
        if (haltNow) {
            stopFramework();
        }
    }

    /** The kernel did not boot: the sessions waiting for it end, and {@link #run} is not called. */
    synchronized void failed() {
        haltRequested = true;
        halted = true;
        notifyAll();
    }

    Policy policy() {
        return policy;
    }

    /**
     * Admits a session.
     *
     * @return false once the kernel halts: the session must look for the next kernel
     */
    synchronized boolean enter() {
        if (haltRequested || halted) {
            return false;
        }
        sessions++;
        return true;
    }

    /** A session ended; a private kernel halts when it was the last. */
    void leave() {
        boolean last;
        synchronized (this) {
            sessions--;
            last = sessions == 0 && policy == Policy.PRIVATE;
            notifyAll();
        }
        if (last) {
            halt();
        }
    }

    /**
     * Waits until no session uses the kernel, at most {@code timeout}: after a halt, each session ends once it has
     * told its shell so.
     */
    synchronized boolean awaitNoSessions(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sessions > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** How many sessions use the kernel. */
    synchronized int sessions() {
        return sessions;
    }

    /** Stops the kernel for good: no session enters any more, and the framework stops. */
    void halt() {
        boolean first;
        synchronized (this) {
            first = !haltRequested;
            haltRequested = true;
            notifyAll();
        }
        if (first) {
            haltActions.forEach(Runnable::run);
        }
        stopFramework();
    }

    /** Runs {@code action} once, when the kernel is asked to halt, before the framework stops. */
    void onHalt(Runnable action) {
        haltActions.add(action);
    }

    /**
     * Runs {@code action} each time the framework begins to stop (for good or for a reboot), on the framework's
     * stopping thread: it must not block.
     *
     * @return what removes the action again
     */
    Runnable onGoingDown(Runnable action) {
        goingDownActions.add(action);
        return () -> goingDownActions.remove(action);
    }

    /**
     * The generation to run commands in: the current one, unless it is {@code after}, in which case the next.
     * Waits while the kernel reboots.
     *
     * @param after the generation the session ran in so far; {@code null} for a new session
     * @return the generation, or {@code null} once the kernel has halted
     */
    synchronized Generation awaitGeneration(Generation after) throws InterruptedException {
        while (!halted && (generation == null || generation == after)) {
            wait();
        }
        return halted ? null : generation;
    }

    /** Whether the kernel has halted: the framework stopped for good. */
    synchronized boolean halted() {
        return halted;
    }

    /**
     * Waits until the kernel has halted: without limit while it runs, then at most {@code afterHalt} once it has
     * been asked to halt.
     *
     * @return false when the framework did not stop in time
     */
    synchronized boolean awaitHalted(Duration afterHalt) throws InterruptedException {
        while (!haltRequested && !halted) {
            wait();
        }
        long deadline = System.nanoTime() + afterHalt.toNanos();
        while (!halted) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * Watches the framework until the kernel halts, readying it again after each reboot. Runs on a thread of its
     * own, from boot to halt.
     */
    void run() throws InterruptedException {
        try {
            while (true) {
                FrameworkEvent event = framework.waitForStop(0);
                goingDown();
                if (event.getType() != FrameworkEvent.STOPPED_UPDATE || !rebooted()) {
                    return;
                }
            }
        } finally {
            synchronized (this) {
                halted = true;
                haltRequested = true;
                generation = null;
                notifyAll();
            }
        }
    }

    /** After a restart Felix began by itself: waits for it and readies the new generation. */
    private boolean rebooted() throws InterruptedException {
        if (!awaitActive()) {
            console.println("dlkm: the kernel did not start again within " + RESTART_TIMEOUT.toSeconds()
                    + " s of the reboot; it is down");
            return false;
        }
        Generation next;
        try {
            next = Generation.ready(generations + 1, framework, console, verbose);
        } catch (LauncherException e) {
            console.println("dlkm: the kernel rebooted, but " + e.getMessage() + "; stopping it");
            stopFramework();
            return true;
        }
        watchStopping();
        if (policy == Policy.DAEMON) {
            console.println("dlkm: kernel rebooted (boot " + next.number() + ")");
        }
        boolean haltAgain;
        synchronized (this) {
            generations = next.number();
            haltAgain = haltRequested;
            if (!haltAgain) {
                generation = next;
                notifyAll();
            }
        }
        if (haltAgain) {
            next.close();
            stopFramework();
        }
        return true;
    }

    private boolean awaitActive() throws InterruptedException {
        long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
        while (framework.getState() != Bundle.ACTIVE) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** Ends the current generation, once, and runs the actions that go with it. */
    private void goingDown() {
        Generation ending;
        synchronized (this) {
            ending = generation;
            generation = null;
        }
        if (ending != null) {
            ending.end();
            goingDownActions.forEach(Runnable::run);
            ending.close();
        }
    }

    /** Hears the system bundle begin to stop, before any bundle stops. */
    private void watchStopping() {
        try {
            framework.getBundleContext().addBundleListener((SynchronousBundleListener) event -> {
                if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == 0) {
                    goingDown();
                }
            });
        } catch (IllegalStateException e) {
            // stopping already: run() ends the generation when the stop is done
        }
    }

    private void stopFramework() {
        Framework booted;
        synchronized (this) {
            booted = framework;
        }
        if (booted == null) {
            return;
        }
        try {
            booted.stop();
        } catch (BundleException e) {
            console.println("dlkm: the system bundle refused to stop: " + e.getMessage());
        }
    }
}
