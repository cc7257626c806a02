package org.dlkm.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * One start of the framework, ready for sessions: the kernel has booted (its service says {@code running}), the
 * Gogo runtime's {@code CommandProcessor} is registered, and so are the commands the components declare (Declarative
 * Services registers them asynchronously: a command run earlier could fail with "command not found"). A reboot, a
 * framework restart, makes a new generation; the old one is over from the moment the framework begins to stop.
 *
 * <p>Threading: built by the kernel's watching thread; sessions open Gogo sessions on it from their own threads.
 * {@link #end} may be called from any thread, and {@link #isCurrent} reads it.
 */
final class Generation implements AutoCloseable {

    /** dlkm's commands first, then any scope: {@code ls} and {@code cat} are dlkm's, not Gogo's. */
    static final String SCOPE = "dlkm:*";
    /** The prefix of dlkm's own commands, {@code scope:function}. */
    private static final String DLKM_SCOPE = "dlkm:";
    /** The service gogo.jline registers its shell under; its {@code gosh} runs an interactive shell. */
    static final String SHELL_TYPE = "org.apache.felix.gogo.jline.Shell";

    private final int number;
    private final Framework framework;
    private final GogoProcessor processor;
    private final Optional<Bundle> shellBundle;
    private volatile boolean over;

    private Generation(int number, Framework framework, GogoProcessor processor, Optional<Bundle> shellBundle) {
        this.number = number;
        this.framework = framework;
        this.processor = processor;
        this.shellBundle = shellBundle;
    }

    /**
     * Waits until the framework's kernel and shell are ready for sessions.
     *
     * @param err where to say which commands never came, with {@code verbose}
     * @throws LauncherException when the Gogo runtime never registers its processor; a {@link KernelBootException}
     *         when dlkm's own commands never register: no shell opens without them
     */
    static Generation ready(int number, Framework framework, PrintStream err, boolean verbose)
            throws LauncherException, InterruptedException {
        BundleContext context = framework.getBundleContext();
        KernelBootWait.await(context);
        GogoProcessor processor = GogoProcessor.await(context, CommandWait.TIMEOUT);
        try (GogoSession probe = processor.openSession(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream())) {
            Set<String> missing = CommandWait.await(new AwaitedCommands(context, err), probe::commands,
                    CommandWait.TIMEOUT);
            Set<String> dlkms = missing.stream().filter(name -> name.startsWith(DLKM_SCOPE))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!dlkms.isEmpty()) {
                throw new KernelBootException("dlkm's commands are not registered " + CommandWait.TIMEOUT.toSeconds()
                        + " s after the kernel shell started (" + String.join(", ", dlkms) + "): dlkm opens no shell"
                        + " without them; run dlkm -v to see why their components did not start", null);
            }
            if (!missing.isEmpty() && verbose) {
                err.println("dlkm: commands still not registered after " + CommandWait.TIMEOUT.toSeconds()
                        + " s, going on without them: " + String.join(", ", missing));
            }
        } catch (LauncherException | RuntimeException e) {
            processor.close();
            throw e;
        }
        Optional<Bundle> shell = Arrays.stream(context.getBundles()).filter(FrameworkBoot::isShell).findFirst();
        return new Generation(number, framework, processor, shell);
    }

    /** 1 for the first boot, one more at each reboot. */
    int number() {
        return number;
    }

    /** Whether sessions may still run commands here: the framework runs and has not begun to stop. */
    boolean isCurrent() {
        return !over && (framework.getState() & Bundle.ACTIVE) != 0;
    }

    /** The framework begins to stop: this generation is over. */
    void end() {
        over = true;
    }

    /**
     * A Gogo session reading {@code in} and writing {@code out} and {@code err}, with dlkm's commands first in its
     * scope and {@code directory} as its working directory.
     */
    GogoSession openSession(InputStream in, OutputStream out, OutputStream err, Path directory)
            throws LauncherException {
        GogoSession session = processor.openSession(in, out, err);
        session.put("SCOPE", SCOPE);
        session.currentDir(directory);
        return session;
    }

    /** The Gogo shell bundle (gogo.jline), whose {@code gosh} runs terminal sessions; empty if it did not start. */
    Optional<Bundle> shellBundle() {
        return shellBundle;
    }

    /**
     * Runs gogo.jline's shell ({@code gosh}) in the session, until it returns. Called directly on the shell
     * service, not as a command: a command runs as the session's foreground job, and {@code gosh} waits for the
     * foreground job after each line it runs, which would be itself.
     *
     * @throws LauncherException when the shell service is gone or is not the {@code gosh} the launcher knows
     */
    void runShell(GogoSession session, String... args) throws Exception {
        BundleContext context = framework.getBundleContext();
        ServiceReference<?> reference = context.getServiceReference(SHELL_TYPE);
        Object shell = reference == null ? null : context.getService(reference);
        if (shell == null) {
            throw new LauncherException("no Gogo shell service (" + SHELL_TYPE + "): did gogo.jline start?");
        }
        try {
            Method gosh = Arrays.stream(shell.getClass().getMethods())
                    .filter(method -> method.getName().equals("gosh") && method.getParameterCount() == 2
                            && method.getParameterTypes()[1] == String[].class)
                    .findFirst()
                    .orElseThrow(() -> new LauncherException("the Gogo shell service has no gosh(CommandSession,"
                            + " String[]) method"));
            gosh.invoke(shell, session.session(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            context.ungetService(reference);
        }
    }

    @Override
    public void close() {
        processor.close();
    }

    /**
     * The commands to wait for: those the Declarative Services components declare, and the
     * {@value CommandWait#EXTRA_COMMANDS} property's. Asked again at each poll, since Declarative Services reads
     * bundles as they start.
     */
    private static final class AwaitedCommands implements java.util.function.Supplier<Set<String>> {
        private final BundleContext context;
        private final PrintStream err;
        private boolean declaredCommandsUnreadable;

        AwaitedCommands(BundleContext context, PrintStream err) {
            this.context = context;
            this.err = err;
        }

        @Override
        public Set<String> get() {
            Set<String> awaited = new TreeSet<>(CommandWait.parse(context.getProperty(CommandWait.EXTRA_COMMANDS)));
            if (!declaredCommandsUnreadable) {
                try {
                    awaited.addAll(DeclaredCommands.of(context));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    declaredCommandsUnreadable = true;
                    err.println("dlkm: cannot list the commands the components declare, not waiting for them: " + e);
                }
            }
            return awaited;
        }
    }
}
