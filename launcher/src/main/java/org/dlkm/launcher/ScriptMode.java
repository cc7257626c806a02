package org.dlkm.launcher;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;

/**
 * Runs a script against a booted framework: waits for Gogo and for the commands the bundles
 * declare, opens a session on the launcher's real streams with {@code SCOPE} set so that dlkm's
 * commands win over Gogo's of the same name ({@code ls}, {@code cat}), and hands the commands to a
 * {@link ScriptRunner}.
 *
 * <p>Not thread-safe: one instance runs one script, from the launcher's main thread.
 */
final class ScriptMode {

    /** dlkm's commands first, then any scope. */
    static final String SCOPE = "dlkm:*";

    private final Framework framework;
    private final PrintStream out;
    private final PrintStream err;
    private final LauncherOptions options;
    private boolean declaredCommandsUnreadable;

    ScriptMode(Framework framework, PrintStream out, PrintStream err, LauncherOptions options) {
        this.framework = framework;
        this.out = out;
        this.err = err;
        this.options = options;
    }

    /**
     * @param in what the commands read as their standard input
     * @return the script's exit status: 0 when every command succeeded, 1 otherwise
     */
    int run(Iterable<String> commands, InputStream in) throws LauncherException, InterruptedException {
        BundleContext context = framework.getBundleContext();
        try (GogoProcessor processor = GogoProcessor.await(context, CommandWait.TIMEOUT);
                GogoSession session = processor.openSession(in, out, err)) {
            session.put("SCOPE", SCOPE);
            Set<String> missing = CommandWait.await(() -> awaitedCommands(context), session::commands,
                    CommandWait.TIMEOUT);
            if (!missing.isEmpty() && options.verbose()) {
                err.println("dlkm: commands still not registered after " + CommandWait.TIMEOUT.toSeconds()
                        + " s, running the script anyway: " + String.join(", ", missing));
            }
            return new ScriptRunner(session, out, err, options.stopOnFailure(), options.trace(),
                    options.verbose()).run(commands);
        } catch (UncheckedIOException e) {
            throw LauncherException.io("cannot read the script from standard input", e.getCause());
        }
    }

    private Set<String> awaitedCommands(BundleContext context) {
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
