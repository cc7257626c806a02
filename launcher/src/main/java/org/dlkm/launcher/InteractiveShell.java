package org.dlkm.launcher;

import java.io.PrintStream;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

/**
 * The interactive shell: gogo.jline's own login shell on the system terminal.
 *
 * <p>gogo.jline's activator starts it as soon as the Gogo runtime registers its CommandProcessor:
 * {@code gosh --login} on a JLine system terminal, with completion and history, sourcing
 * {@code etc/gosh_profile} under {@code gosh.home} (the launcher's distribution). That profile sets
 * the prompt, {@code SCOPE}, the history file in the kernel home and an {@code exit} command. When the
 * login shell ends ({@code exit}, Ctrl-D) it stops the framework; the launcher waits for that.
 *
 * <p>Should the shell's thread die without stopping the framework, the launcher would wait forever
 * on a terminal that ignores Ctrl-C; so it watches that thread ({@value #SHELL_THREAD}, gogo.jline's
 * name for it) once it has seen it, and gives up when it is gone.
 *
 * <p>Not thread-safe: one instance waits for one shell, on the launcher's main thread.
 */
final class InteractiveShell {

    static final String SHELL_THREAD = "Gogo shell";

    /** How long to look for the shell thread after boot before waiting without it, and how often. */
    private static final long FIND_MILLIS = 5_000;
    private static final long FIND_POLL_MILLIS = 20;
    /** How long after the shell thread ended the framework may take to begin stopping. */
    private static final long STOP_GRACE_MILLIS = 3_000;

    private final Framework framework;
    private final PrintStream err;

    InteractiveShell(Framework framework, PrintStream err) {
        this.framework = framework;
        this.err = err;
    }

    /**
     * Waits until the shell has stopped the framework.
     *
     * @return 0, or 1 when the shell ended without stopping the framework
     */
    int run() throws InterruptedException {
        Optional<Thread> shell = findShellThread();
        if (shell.isEmpty()) {
            framework.waitForStop(0);
            return 0;
        }
        shell.get().join();
        if (!stopBegins()) {
            err.println("dlkm: the shell ended without stopping the kernel (see its message above); stopping it");
            return 1;
        }
        framework.waitForStop(0);
        return 0;
    }

    private Optional<Thread> findShellThread() throws InterruptedException {
        long deadline = System.nanoTime() + FIND_MILLIS * 1_000_000;
        while (isRunning() && System.nanoTime() - deadline < 0) {
            Optional<Thread> shell = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> SHELL_THREAD.equals(thread.getName())).findFirst();
            if (shell.isPresent()) {
                return shell;
            }
            Thread.sleep(FIND_POLL_MILLIS);
        }
        return Optional.empty();
    }

    /** Whether the framework starts stopping within a grace period: gosh asks for it as it returns. */
    private boolean stopBegins() throws InterruptedException {
        long deadline = System.nanoTime() + STOP_GRACE_MILLIS * 1_000_000;
        while (isRunning() && System.nanoTime() - deadline < 0) {
            Thread.sleep(FIND_POLL_MILLIS);
        }
        return !isRunning();
    }

    private boolean isRunning() {
        return (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0;
    }
}
