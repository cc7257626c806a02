package org.dlkm.launcher;

import java.io.PrintStream;

/**
 * Runs a script's commands one at a time, as a non-interactive {@code sh} would: each command's value
 * (when not {@code null}) is printed formatted as the interactive shell formats it, each failure's
 * message is printed on the error stream, and the exit status says whether all succeeded.
 *
 * <p>Like the interactive shell, it keeps the last value in the session variable {@code _} and the
 * last failure in {@code exception}, and prints no value when {@code .Gogo.format} is {@code false}.
 *
 * <p>Not thread-safe: one thread runs a script.
 */
final class ScriptRunner {

    /** What the interactive shell prints before each command; {@code -x} prints it too. */
    static final String PROMPT = "dlkm> ";

    private final ShellSession session;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean stopOnFailure;
    private final boolean trace;
    private final boolean verbose;

    /**
     * @param stopOnFailure stop at the first failing command, like {@code sh -e}
     * @param trace print each command after {@link #PROMPT} on the output stream before running it
     * @param verbose print each failure's stack trace after its message
     */
    ScriptRunner(ShellSession session, PrintStream out, PrintStream err, boolean stopOnFailure, boolean trace,
            boolean verbose) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.stopOnFailure = stopOnFailure;
        this.trace = trace;
        this.verbose = verbose;
    }

    /**
     * @return 0 when every command succeeded, 1 when one failed; or the status {@code exit N} gave, which ends the
     *     script there as it ends a {@code sh} script ({@code exit} alone: the status so far; a status that is not
     *     a whole number from 0 to 255 is said and ends the script with 2, as {@code sh} does)
     */
    int run(Iterable<String> commands) {
        int status = 0;
        for (String command : commands) {
            String[] words = command.trim().split("\\s+");
            if (words[0].equals("exit") && words.length <= 2) {
                if (trace) {
                    out.println(PROMPT + command);
                }
                out.flush();
                if (words.length == 1) {
                    return status;
                }
                try {
                    return SessionControl.parse(words[1]);
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage());
                    err.flush();
                    return 2;
                }
            }
            if (!runOne(command)) {
                status = 1;
                if (stopOnFailure) {
                    break;
                }
            }
        }
        return status;
    }

    /** The message printed for a failure: the exception's message, or its class name when it has none. */
    static String message(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
    }

    /** @return the commands Gogo has registered ({@code scope:function}), as its session lists them */
    private java.util.Collection<?> registeredCommands() {
        try {
            Object commands = session.get(".commands");
            return commands instanceof java.util.Collection<?> c ? c : java.util.List.of();
        } catch (RuntimeException e) {
            return java.util.List.of();
        }
    }

    /** Prints text as one or more lines: with its own final newline if it has one (lb's table does), else with one. */
    private void printLine(CharSequence text) {
        out.print(text);
        if (text.length() == 0 || text.charAt(text.length() - 1) != '\n') {
            out.println();
        }
    }

    private boolean runOne(String command) {
        if (trace) {
            out.println(PROMPT + command);
            out.flush();
        }
        Object value;
        try {
            value = session.execute(command);
        } catch (Exception e) {
            out.flush();
            session.put("exception", e);
            err.println(UnknownCommand.describe(e.getMessage(), registeredCommands()).orElseGet(() -> message(e)));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return false;
        }
        session.put("_", value);
        if (value != null && !Boolean.FALSE.equals(session.get(".Gogo.format"))) {
            printLine(session.format(value));
        }
        out.flush();
        return true;
    }
}
