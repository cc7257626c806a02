package org.dlkm.launcher;

/** How the launcher takes its commands. */
enum RunMode {
    /** From {@code -c} or from standard input; results and errors printed, then exit. */
    SCRIPT,
    /** gogo.jline's login shell on the terminal, until {@code exit} or end of input. */
    INTERACTIVE
}
