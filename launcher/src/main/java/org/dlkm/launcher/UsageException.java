package org.dlkm.launcher;

/**
 * A command line the launcher cannot accept. The message says which argument is wrong and why; the
 * launcher prints it with the usage and exits with status 2.
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
