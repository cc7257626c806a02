package org.dlkm.launcher;

/**
 * A terminal as the shell reports it: its type ({@code TERM}) and size.
 *
 * <p>Immutable; safe to share between threads.
 */
record TerminalSpec(String type, int columns, int rows) {

    /** No terminal: a script session. */
    static final TerminalSpec NONE = new TerminalSpec("dumb", 0, 0);

    /** The size assumed when a terminal reports none (a pseudo-terminal nobody sized). */
    static final int DEFAULT_COLUMNS = 80;
    static final int DEFAULT_ROWS = 24;

    /** This terminal with a usable size: a terminal of zero columns garbles the prompt. */
    TerminalSpec sized() {
        return new TerminalSpec(type, columns > 0 ? columns : DEFAULT_COLUMNS, rows > 0 ? rows : DEFAULT_ROWS);
    }
}
