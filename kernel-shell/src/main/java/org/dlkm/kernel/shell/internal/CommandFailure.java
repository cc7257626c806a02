package org.dlkm.kernel.shell.internal;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * A command's refusal, as the shell prints it: {@code command: message (ERRNO)}. Unchecked so that Gogo reports
 * its message.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    CommandFailure(String command, Errno errno, String message) {
        super(command + ": " + message + " (" + errno + ")");
        this.errno = errno;
    }

    CommandFailure(String command, KernelException e) {
        super(command + ": " + e.getMessage() + " (" + e.errno() + ")", e);
        this.errno = e.errno();
    }

    /** @return the message alone: the interactive shell prints a failure as its {@code toString()} */
    @Override
    public String toString() {
        return getMessage();
    }

    /** @return the errno-style code */
    Errno errno() {
        return errno;
    }
}
