package org.dlkm.launcher;

/**
 * What the interactive shell's profile calls in the terminal session it runs in; the session puts one of these in
 * the variable {@value #VARIABLE}. The profile defines {@code exit} as {@code ${.dlkm.session} exit $1}: ending the
 * session ends the shell's input, so the shell returns at its next prompt; the kernel goes on for the other
 * sessions. It makes {@link #commandNotFound} Gogo's {@code default} command, which Gogo runs for a command that is
 * not there, so that the shell says it as scripts do ({@code dlkm: kmadmn: command not found; did you mean
 * kmadmin?}) rather than with Gogo's exception. Public, with public methods, because Gogo calls it reflectively.
 *
 * <p>Threading: {@link #exit} and {@link #commandNotFound} run on the shell's thread, the rest on the session's; the
 * state is volatile.
 */
public final class SessionControl {

    /** The session variable that holds it. */
    public static final String VARIABLE = ".dlkm.session";

    private volatile KeyPipe.Feed feed;
    private volatile Runnable quiet = () -> { };
    private volatile Integer status;

    /** Ends the session with status 0. */
    public void exit() {
        exit(null);
    }

    /**
     * Ends the session with a status: 0 when {@code code} is {@code null}.
     *
     * @throws IllegalArgumentException when {@code code} is not a whole number from 0 to 255
     */
    public void exit(Object code) {
        int value = code == null ? 0 : parse(code.toString());
        status = value;
        quiet.run();
        KeyPipe.Feed current = feed;
        if (current != null) {
            current.end();
        }
    }

    /**
     * Refuses a command that is not there, as a Unix shell does: the shell prints the message.
     *
     * @param name the command typed
     * @param commands the registered commands, {@code scope:function} each (Gogo's {@code .commands})
     * @throws IllegalArgumentException always: {@code dlkm: NAME: command not found}, with the nearest dlkm command
     *         when one is close
     */
    public void commandNotFound(Object name, Object commands) {
        throw new UnknownCommand.NotFound(UnknownCommand.notFound(String.valueOf(name),
                commands instanceof java.util.Collection<?> registered ? registered : java.util.List.of()));
    }

    /** The shell now reads from {@code feed}. */
    void readingFrom(KeyPipe.Feed current) {
        this.feed = current;
    }

    /**
     * {@code exit} runs {@code action} first: it silences the shell's screen, so that the prompt the shell draws
     * before it reads the end of its input does not show.
     */
    void onExit(Runnable action) {
        this.quiet = action;
    }

    /** Whether {@code exit} was called. */
    boolean exited() {
        return status != null;
    }

    /** The status {@code exit} gave; 0 when it was not called. */
    int status() {
        Integer value = status;
        return value == null ? 0 : value;
    }

    /** @return the exit status {@code code} names, 0 to 255 */
    static int parse(String code) {
        try {
            int value = Integer.parseInt(code.trim());
            if (value >= 0 && value <= 255) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("exit: '" + code + "' is not an exit status (a whole number from 0 to 255)");
    }
}
