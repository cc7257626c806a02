package org.dlkm.launcher;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A kernel running in the background: {@code ./dlkm --daemon} starts one, {@code ./dlkm --stop} stops the kernel
 * of a home, whichever kind it is.
 *
 * <p>Java cannot fork, so {@code --daemon} starts a second JVM, the kernel process ({@code --kernel-process}, the
 * same launcher with the same JVM options), in the home as its working directory, with no standard input and its
 * standard output discarded. That process takes the home's lock, sends everything it prints to the home's
 * {@link ConsoleLog}, boots the kernel and runs until it is stopped. The first process waits until the kernel
 * answers on the home's socket as running, under the new process's ID, then prints that ID and returns. Until the
 * kernel process holds the lock, its standard error comes back to the first process, which shows it if the kernel
 * never comes up.
 *
 * <p>Stateless; each method runs on the launcher's main thread.
 */
final class BackgroundKernel {

    /** How long {@code --stop} waits for the kernel process to end. */
    static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 50;

    private BackgroundKernel() {
    }

    /**
     * {@code --daemon}: starts the home's kernel in the background and returns once it runs.
     *
     * @param hardware the {@code --hardware} file, absolute
     */
    static int start(RunDirectory run, Optional<Path> hardware, Optional<Path> kernelFile, boolean verbose,
            PrintStream out)
            throws LauncherException, InterruptedException {
        if (HomeLock.isHeld(run)) {
            throw alreadyRunning(run);
        }
        HomeDirectories.requireUsable(run.home(), "the kernel home");
        SessionServer.requireShortEnough(run.socket());
        Process kernel;
        try {
            kernel = new ProcessBuilder(kernelCommand(run, hardware, kernelFile, verbose))
                    .directory(run.home().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw LauncherException.io("cannot start the kernel process", e);
        }
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        Thread relay = new Thread(() -> copy(kernel.getErrorStream(), early), "dlkm-kernel-stderr");
        relay.setDaemon(true);
        relay.start();
        awaitRunning(run, kernel, early, relay);
        out.println("dlkm: kernel started on " + run.home() + ": process " + kernel.pid() + ", console log "
                + run.layout().consoleLog());
        return 0;
    }

    /**
     * {@code --kernel-process}: the kernel {@code --daemon} started: holds the home's lock, boots, and runs until it
     * is stopped, its console the home's log.
     *
     * @param err where to say why it cannot take the lock: the first process shows it
     */
    static int run(RunDirectory run, Optional<Path> hardware, Optional<Path> kernelFile, Distribution distribution,
            boolean verbose, PrintStream err) throws LauncherException, InterruptedException {
        Optional<HomeLock> lock = HomeLock.tryAcquire(run);
        if (lock.isEmpty()) {
            err.println("dlkm: " + alreadyRunning(run).getMessage());
            return 1;
        }
        try (HomeLock held = lock.get()) {
            PrintStream console;
            try {
                console = new PrintStream(ConsoleLog.open(run.layout().consoleLog()), true, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw LauncherException.io("cannot open the kernel's console log", e);
            }
            System.setOut(console);
            System.setErr(console);
            console.println("dlkm: kernel process " + held.pid() + " booting on " + run.home());
            try (BootedKernel kernel = BootedKernel.boot(held, hardware, kernelFile, distribution,
                    KernelHost.Policy.DAEMON, false, console, verbose)) {
                console.println("dlkm: kernel running");
                kernel.awaitHalted();
            } catch (LauncherException e) {
                console.println("dlkm: " + e.getMessage());
                return e instanceof KernelBootException ? 2 : 1;
            }
            console.println("dlkm: kernel halted");
            return 0;
        }
    }

    /** {@code --stop}: stops the home's running kernel and waits for its process to end. */
    static int stop(RunDirectory run, PrintStream out, PrintStream err) throws LauncherException,
            InterruptedException {
        Optional<KernelLocator.Attached> kernel = KernelLocator.findRunning(run, Hello.control(Hello.Mode.STOP));
        if (kernel.isEmpty()) {
            err.println("dlkm: no kernel runs on " + run.home());
            return 1;
        }
        long pid = kernel.get().pid();
        kernel.get().channel().close();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            try {
                process.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                err.println("dlkm: the kernel (process " + pid + ") was told to stop, but still runs after "
                        + STOP_WAIT.toSeconds() + " s; see its console");
                return 1;
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for process " + pid + " failed", e);
            }
        }
        out.println("dlkm: stopped the kernel of " + run.home() + " (process " + pid + ")");
        return 0;
    }

    private static void awaitRunning(RunDirectory run, Process kernel, ByteArrayOutputStream early, Thread relay)
            throws LauncherException, InterruptedException {
        long deadline = System.nanoTime() + KernelLocator.PATIENCE.toNanos();
        while (true) {
            Optional<KernelLocator.Attached> running = KernelLocator.attach(run, Hello.control(Hello.Mode.STATUS));
            running.ifPresent(attached -> attached.channel().close());
            if (running.isPresent() && running.get().pid() == kernel.pid()) {
                return;
            }
            if (!kernel.isAlive()) {
                relay.join(1000);
                String said = early.toString(StandardCharsets.UTF_8).strip();
                if (said.isEmpty()) {
                    said = lastConsoleLine(run.layout().consoleLog());
                }
                String message = "the kernel process ended with status " + kernel.exitValue() + " before it ran"
                        + (said.isEmpty() ? "" : ": " + said.replaceFirst("^dlkm: ", "")) + "; its console log is "
                        + run.layout().consoleLog();
                if (kernel.exitValue() == 2) {
                    throw new KernelBootException(message, null);
                }
                throw new LauncherException(message);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LauncherException("the kernel process " + kernel.pid() + " has not come up within "
                        + KernelLocator.PATIENCE.toSeconds() + " s; it goes on; see its console log "
                        + run.layout().consoleLog());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** @return the last line the kernel wrote to its console log, without its time stamp; empty if none */
    private static String lastConsoleLine(Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).replaceFirst("^\\S+Z ", "").strip();
                if (!line.isEmpty()) {
                    return line;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // nothing to add to the message
        }
        return "";
    }

    /** The command of the kernel process: this JVM with its options, this launcher, the home and hardware. */
    private static List<String> kernelCommand(RunDirectory run, Optional<Path> hardware, Optional<Path> kernelFile,
            boolean verbose) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp"))
                .forEach(command::add);
        command.add("-cp");
        command.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(Main.class.getName());
        command.add(LauncherOptions.Command.KERNEL_OPTION);
        command.add("--home");
        command.add(run.home().toString());
        hardware.ifPresent(file -> {
            command.add("--hardware");
            command.add(file.toString());
        });
        kernelFile.ifPresent(file -> {
            command.add("--kernel");
            command.add(file.toString());
        });
        if (verbose) {
            command.add("-v");
        }
        return command;
    }

    private static LauncherException alreadyRunning(RunDirectory run) throws LauncherException {
        Optional<KernelLocator.Attached> running = KernelLocator.attach(run, Hello.control(Hello.Mode.STATUS));
        running.ifPresent(attached -> attached.channel().close());
        String which = running.map(attached -> "process " + attached.pid() + ", "
                + ("daemon".equals(attached.welcome().get("kernel")) ? "in the background"
                        : "private to a shell session, until its last session ends"))
                .orElse(HomeLock.describeHolder(run));
        return new LauncherException("a kernel already runs on " + run.home() + " (" + which + "): ./dlkm attaches"
                + " to it, ./dlkm --stop stops it");
    }

    private static void copy(InputStream in, ByteArrayOutputStream into) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (into) {
                    into.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the kernel process closed its standard error, or ended
        }
    }
}
