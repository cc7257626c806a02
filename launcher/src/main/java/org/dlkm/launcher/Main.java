package org.dlkm.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.dlkm.kernel.home.KernelHomeLayout;

/**
 * The {@code dlkm} command: runs the interactive shell or a script in the kernel of its home, attached to the
 * running kernel or in one it boots ({@link LauncherSession}).
 *
 * <p>An instance runs once, on the calling thread; {@link #main} then exits the JVM explicitly, since
 * bundles leave non-daemon threads behind.
 */
public final class Main {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /**
     * @param in standard input: the script when no {@code -c} is given and it is not a terminal
     * @param out standard output, used for results (Gogo later replaces {@code System.out}; this is the real one)
     * @param err standard error, used for failures
     * @param terminal whether standard input is a terminal: then, without {@code -c}, the shell is interactive
     */
    public Main(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        int status;
        try {
            status = new Main(System.in, out, err, standardInputIsTerminal()).run(args);
        } catch (InterruptedException e) {
            err.println("dlkm: interrupted");
            status = 130;
        } catch (RuntimeException | Error e) {
            err.println("dlkm: internal error: " + e);
            e.printStackTrace(err);
            status = 1;
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs the launcher without exiting the JVM.
     *
     * @return the exit status: 0 success, 1 a command or the launcher failed, 2 a bad command line or a kernel that
     *         could not boot
     */
    public int run(String... args) throws InterruptedException {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (UsageException e) {
            err.println("dlkm: " + e.getMessage());
            err.print(LauncherOptions.USAGE);
            err.flush();
            return 2;
        }
        if (options.help()) {
            out.print(LauncherOptions.USAGE);
            out.flush();
            return 0;
        }
        try {
            return launch(options);
        } catch (LauncherException e) {
            err.println("dlkm: " + e.getMessage());
            if (options.verbose()) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof KernelBootException ? 2 : 1;
        }
    }

    private int launch(LauncherOptions options) throws LauncherException, InterruptedException {
        Optional<Path> hardware = readableHardware(options.hardware());
        Optional<Path> kernel = options.kernel().map(file -> file.toAbsolutePath().normalize());
        if (kernel.isPresent() && !Files.isRegularFile(kernel.get())) {
            throw new LauncherException("kernel file " + kernel.get() + " does not exist or is not a regular file:"
                    + " give --kernel a kernel file mk_kernel built (such as stand/vmunix.prev), or leave it out to"
                    + " boot stand/vmunix");
        }
        if (options.command() == LauncherOptions.Command.STOP) {
            Path home = options.home().toAbsolutePath().normalize();
            if (!Files.isDirectory(KernelHomeLayout.of(home).runDirectory())) {
                err.println("dlkm: no kernel runs on " + home);
                return 1;
            }
            return BackgroundKernel.stop(RunDirectory.prepare(home), out, err);
        }
        Distribution distribution = Distribution.ofRunningLauncher();
        RunDirectory run = RunDirectory.prepare(options.home());
        if (options.command() == LauncherOptions.Command.DAEMON) {
            return BackgroundKernel.start(run, hardware, kernel, options.verbose(), out);
        }
        if (options.command() == LauncherOptions.Command.KERNEL) {
            return BackgroundKernel.run(run, hardware, kernel, distribution, options.verbose(), err);
        }
        LauncherSession session = new LauncherSession(options, hardware, kernel, distribution, run, out, err);
        if (options.script().isPresent()) {
            return session.runScript(new ScriptCommands(Script.split(options.script().get()).iterator()), in);
        }
        if (terminal) {
            try (LocalTerminal local = LocalTerminal.open()) {
                return session.runTerminal(local);
            }
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
        return session.runScript(new ScriptCommands(Script.lines(lines).iterator()), InputStream.nullInputStream());
    }

    private static Optional<Path> readableHardware(Optional<Path> given) throws LauncherException {
        Optional<Path> hardware = given.map(file -> file.toAbsolutePath().normalize());
        if (hardware.isPresent() && !(Files.isRegularFile(hardware.get()) && Files.isReadable(hardware.get()))) {
            throw new LauncherException("hardware description file " + hardware.get()
                    + " does not exist or is not a readable file: give --hardware a description file,"
                    + " or leave it out to boot the embedded example machine");
        }
        return hardware;
    }

    /**
     * Whether standard input is a terminal. Up to Java 21 a console exists only when standard input
     * and output are terminals; from Java 22 one may exist anyway, and {@code Console.isTerminal()}
     * tells.
     */
    static boolean standardInputIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Console.isTerminal() failed", e);
        }
    }
}
