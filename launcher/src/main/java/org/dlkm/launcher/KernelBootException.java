package org.dlkm.launcher;

/**
 * The kernel cannot boot, or its home cannot be used: a bad hardware file, a kernel runtime or kernel shell that
 * did not start, a kernel home (or a directory, lock file or socket in it) that is not a directory, not this user's,
 * or that this user cannot read or write, a framework cache that cannot be emptied. The message names the file and
 * the reason ({@code <file>: line N: <reason>}, {@code <path>: <reason>}); the launcher prints it after
 * {@code dlkm: }, without {@code -v}, and exits with status 2, before any prompt or command.
 */
final class KernelBootException extends LauncherException {
    private static final long serialVersionUID = 1L;

    KernelBootException(String message, Throwable cause) {
        super(message, cause);
    }
}
