package org.dlkm.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.dlkm.kernel.home.KernelHomeLayout;

/**
 * The thin client {@code ./dlkm} starts first: {@code dlkm -c 'commands'} attached to a kernel already running on
 * the home, in a JVM that loads only this jar's classes and kernel-api's home layout (no framework, no JLine) from
 * a class-data-sharing archive. It runs the session exactly as the full launcher's attached path does
 * ({@link AttachClient}): the same hello, output, errors and exit status.
 *
 * <p>Everything else it declines, having done nothing and read nothing: the interactive shell, a script on standard
 * input, {@code --daemon}, {@code --stop}, {@code --help}, {@code --hardware}, {@code --kernel}, a bad command line,
 * a home without a running kernel (the full launcher boots one), a kernel booting or stopping (the full launcher
 * waits for it), a kernel that refuses the session, and a session the kernel ended before running anything. It
 * declines by creating the file the system property {@value #DECLINED} names, and {@code ./dlkm} then runs the full
 * launcher with the same arguments: an exit status cannot say it, since a script's {@code exit N} may give any.
 *
 * <p>Runs once, on the main thread, then exits the JVM.
 */
public final class ThinClient {
    /** The system property naming the file whose creation says: run the full launcher. */
    static final String DECLINED = "dlkm.client.declined";

    private ThinClient() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        int status;
        try {
            status = run(args, out, err);
        } catch (InterruptedException e) {
            err.println("dlkm: interrupted");
            status = 130;
        }
        if (status == AttachClient.RETRY) {
            status = decline();
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** @return the session's status, or {@link AttachClient#RETRY} to decline */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (UsageException e) {
            return AttachClient.RETRY;
        }
        if (options.help() || options.command() != LauncherOptions.Command.SHELL || options.script().isEmpty()
                || options.hardware().isPresent() || options.kernel().isPresent()) {
            return AttachClient.RETRY;
        }
        Path home = options.home().toAbsolutePath().normalize();
        if (!Files.exists(KernelHomeLayout.of(home).socket())) {
            return AttachClient.RETRY;
        }
        try {
            RunDirectory run = RunDirectory.prepare(home);
            Hello hello = new Hello(Hello.Mode.SCRIPT, Path.of("").toAbsolutePath(), options.stopOnFailure(),
                    options.trace(), options.verbose(), TerminalSpec.NONE, Optional.empty());
            Optional<KernelLocator.Attached> attached = KernelLocator.attach(run, hello);
            if (attached.isEmpty()) {
                return AttachClient.RETRY;
            }
            ScriptCommands commands = new ScriptCommands(Script.split(options.script().get()).iterator());
            return new AttachClient(attached.get(), run, err).runScript(commands, out);
        } catch (LauncherException e) {
            return AttachClient.RETRY;
        }
    }

    /** Creates the file that tells {@code ./dlkm} to run the full launcher; 1 if it cannot. */
    private static int decline() {
        String file = System.getProperty(DECLINED);
        if (file == null) {
            System.err.println("dlkm: the thin client runs attached sessions only; run the launcher (dlkm)");
            return 2;
        }
        try {
            Files.createFile(Path.of(file));
            return 0;
        } catch (IOException e) {
            System.err.println("dlkm: cannot hand over to the launcher: " + e);
            return 1;
        }
    }
}
