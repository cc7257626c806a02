package org.dlkm.launcher;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one session a {@code ./dlkm} runs, a script or the interactive shell, in the kernel of its home: attached
 * to the running kernel when there is one, else in a kernel it boots itself. A kernel booted so is private: other
 * shells attach to it too, and it stops when the last session using it ends (the process waits for that).
 *
 * <p>The session is the same either way ({@link ScriptSession}, {@link TerminalSession}), so are its output, its
 * errors and its exit status. A kernel that halts before the session ran anything is no failure: the session goes
 * to the next kernel, booting it if need be.
 *
 * <p>Not thread-safe: the launcher's main thread runs it.
 */
final class LauncherSession {

    private final LauncherOptions options;
    private final Optional<Path> hardware;
    private final Optional<Path> kernelFile;
    private final Distribution distribution;
    private final RunDirectory run;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param hardware the {@code --hardware} file, absolute and readable
     * @param out standard output, the real one
     * @param err standard error, the real one, and the console of a kernel booted here
     */
    LauncherSession(LauncherOptions options, Optional<Path> hardware, Optional<Path> kernelFile,
            Distribution distribution, RunDirectory run, PrintStream out, PrintStream err) {
        this.options = options;
        this.hardware = hardware;
        this.kernelFile = kernelFile;
        this.distribution = distribution;
        this.run = run;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs a script.
     *
     * @param in what the commands read as their standard input
     * @return 0 when every command succeeded, else 1
     */
    int runScript(ScriptCommands commands, InputStream in) throws LauncherException, InterruptedException {
        Hello hello = hello(Hello.Mode.SCRIPT, TerminalSpec.NONE);
        return inTheHomesKernel(hello, attached -> attached.runScript(commands, out), kernel -> {
            ScriptSession.Outcome outcome = new ScriptSession(kernel.host(), hello, in, out, err).run(commands);
            int status = outcome.status();
            if (outcome.halted() && commands.hasNext()) {
                err.println("dlkm: the kernel was shut down before the script ended");
                status = Math.max(status, 1);
            }
            return kernel.bootFailures() > 0 ? Math.max(status, 1) : status;
        });
    }

    /**
     * Runs the interactive shell on the process's terminal.
     *
     * @return the status {@code exit} gave, else 0
     */
    int runTerminal(LocalTerminal local) throws LauncherException, InterruptedException {
        Hello hello = hello(Hello.Mode.TERMINAL, local.spec());
        return inTheHomesKernel(hello, attached -> {
            local.enterRawMode();
            return attached.runTerminal(local);
        }, kernel -> {
            TerminalSession.Outcome outcome;
            try {
                local.enterRawMode();
                TerminalSession session = new TerminalSession(kernel.host(), hello, local.keyboard(), local.screen());
                local.onResize(session::resize);
                outcome = session.run();
            } finally {
                local.onResize((columns, rows) -> { });
                local.leaveRawMode();
            }
            if (outcome.halted()) {
                err.println("dlkm: the kernel was shut down");
            }
            int others = kernel.host().sessions() - 1;
            if (others > 0) {
                err.println("dlkm: " + others + (others == 1 ? " other shell uses" : " other shells use")
                        + " this kernel (process " + kernel.identity().pid() + "); it stops when the last one"
                        + " ends, or now with Ctrl-C");
            }
            return outcome.status();
        });
    }

    /**
     * Runs the session in the home's kernel: attached to the running one, or in one booted here, which this
     * process then runs until its last session ends.
     */
    private int inTheHomesKernel(Hello hello, Attached attachedRun, Private privateRun)
            throws LauncherException, InterruptedException {
        while (true) {
            KernelLocator.Found found = KernelLocator.find(run, hello);
            if (found instanceof KernelLocator.Attached attached) {
                if (kernelFile.isPresent()) {
                    attached.channel().close();
                    err.println("dlkm: --kernel " + kernelFile.get() + ": a kernel runs on " + run.home()
                            + " already (process " + attached.pid() + "); --kernel applies when dlkm boots the"
                            + " kernel: stop it first (shutdown -h in its shell, or ./dlkm --stop)");
                    return 2;
                }
                int status = attachedRun.run(new AttachClient(attached, run, err));
                if (status != AttachClient.RETRY) {
                    return status;
                }
                continue;
            }
            try (HomeLock lock = ((KernelLocator.Booting) found).lock();
                    BootedKernel kernel = boot(lock)) {
                int status;
                try {
                    status = privateRun.run(kernel);
                } finally {
                    kernel.host().leave();
                }
                kernel.awaitHalted();
                return status;
            }
        }
    }

    /** The session, attached to the running kernel. */
    @FunctionalInterface
    private interface Attached {
        int run(AttachClient kernel) throws LauncherException, InterruptedException;
    }

    /** The session, in the kernel this process booted. */
    @FunctionalInterface
    private interface Private {
        int run(BootedKernel kernel) throws LauncherException, InterruptedException;
    }

    private BootedKernel boot(HomeLock lock) throws LauncherException, InterruptedException {
        return BootedKernel.boot(lock, hardware, kernelFile, distribution, KernelHost.Policy.PRIVATE, true, err,
                options.verbose());
    }

    private Hello hello(Hello.Mode mode, TerminalSpec terminal) {
        return new Hello(mode, Path.of("").toAbsolutePath(), options.stopOnFailure(), options.trace(),
                options.verbose(), terminal, hardware);
    }
}
