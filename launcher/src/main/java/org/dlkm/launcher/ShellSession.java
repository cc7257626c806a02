package org.dlkm.launcher;

/**
 * A shell session that runs one command at a time: what {@link ScriptRunner} needs of Gogo's
 * {@code CommandSession}.
 *
 * <p>Not thread-safe: one thread runs a session's commands.
 */
interface ShellSession {

    /**
     * Runs one command line.
     *
     * @return the command's value, or {@code null}
     * @throws Exception whatever the command threw, unwrapped
     */
    Object execute(String command) throws Exception;

    /** The value formatted as the interactive shell prints a command's value. */
    CharSequence format(Object value);

    /** Sets a session variable; {@code null} removes it. */
    void put(String name, Object value);

    /** A session variable, or {@code null}. */
    Object get(String name);
}
