package org.dlkm.launcher;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A script's session in the kernel: its commands run one at a time by a {@link ScriptRunner}, in whichever
 * generation of the kernel is current. The same for the launcher's own script and for an attached shell's: only
 * where the commands come from and where the output goes differ, so the output, the errors and the exit status
 * are the same.
 *
 * <p>When the kernel reboots under the script (a {@code reboot} among its commands, or another shell's), the next
 * command runs in the rebooted kernel, in a new Gogo session. When it halts, the script ends there.
 *
 * <p>Not thread-safe: one thread runs it.
 */
final class ScriptSession {

    /**
     * How a script ended.
     *
     * @param status 0 when every command that ran succeeded, else 1
     * @param ran how many commands ran
     * @param halted whether it ended because the kernel halted (commands may be left)
     */
    record Outcome(int status, int ran, boolean halted) {
    }

    private final KernelHost host;
    private final Hello options;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param options {@code -e}, {@code -x}, {@code -v} and the working directory
     * @param in what the commands read as their standard input
     */
    ScriptSession(KernelHost host, Hello options, InputStream in, PrintStream out, PrintStream err) {
        this.host = host;
        this.options = options;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs the commands, taking each when the previous one is done. */
    Outcome run(Iterator<String> commands) throws LauncherException, InterruptedException {
        int status = 0;
        Generation generation = null;
        Counted counted = new Counted(commands);
        while (true) {
            generation = host.awaitGeneration(generation);
            if (generation == null) {
                return new Outcome(status, counted.taken, true);
            }
            Current current = new Current(counted, generation);
            try (GogoSession session = generation.openSession(in, out, err, options.directory())) {
                int result = new ScriptRunner(new GoingDown(session, generation), out, err,
                        options.stopOnFailure(), options.trace(), options.verbose()).run(() -> current);
                status = Math.max(status, result);
                if (result != 0 && options.stopOnFailure() || !current.kernelWentDown) {
                    return new Outcome(status, counted.taken, false);
                }
            } catch (RuntimeException e) {
                if (generation.isCurrent()) {
                    throw e;
                }
                // the Gogo session went with the framework: the loop waits for what comes next
            }
        }
    }

    /**
     * The session, telling apart the commands the kernel going down cut short: Gogo interrupts the commands of the
     * sessions it closes as the framework stops. A {@code shutdown} or {@code reboot} of this session's own did what
     * it was asked (it noted so in {@value #GOING_DOWN}); any other command failed, and says why.
     */
    private static final class GoingDown implements ShellSession {
        /** Where the kernel's {@code shutdown} and {@code reboot} note that the session asked for them. */
        static final String GOING_DOWN = ".dlkm.going.down";

        private final GogoSession session;
        private final Generation generation;

        GoingDown(GogoSession session, Generation generation) {
            this.session = session;
            this.generation = generation;
        }

        @Override
        public Object execute(String command) throws Exception {
            try {
                return session.execute(command);
            } catch (InterruptedException e) {
                if (generation.isCurrent()) {
                    throw e;
                }
                if (session.get(GOING_DOWN) != null) {
                    return null;
                }
                throw new IllegalStateException("dlkm: the kernel went down while '" + command + "' ran", e);
            }
        }

        @Override
        public CharSequence format(Object value) {
            return session.format(value);
        }

        @Override
        public void put(String name, Object value) {
            session.put(name, value);
        }

        @Override
        public Object get(String name) {
            return session.get(name);
        }
    }

    /** The commands, counting those taken. */
    private static final class Counted implements Iterator<String> {
        private final Iterator<String> commands;
        private int taken;

        Counted(Iterator<String> commands) {
            this.commands = commands;
        }

        @Override
        public boolean hasNext() {
            return commands.hasNext();
        }

        @Override
        public String next() {
            taken++;
            return commands.next();
        }
    }

    /**
     * The commands for one generation: none once it is over, so that no command runs in a framework that is
     * stopping; the next one then runs in the next generation.
     */
    private static final class Current implements Iterator<String> {
        private final Iterator<String> commands;
        private final Generation generation;
        private boolean kernelWentDown;

        Current(Iterator<String> commands, Generation generation) {
            this.commands = commands;
            this.generation = generation;
        }

        @Override
        public boolean hasNext() {
            if (!generation.isCurrent()) {
                kernelWentDown = true;
                return false;
            }
            return commands.hasNext();
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return commands.next();
        }
    }
}
