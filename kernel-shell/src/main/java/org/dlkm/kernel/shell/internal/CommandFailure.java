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

    /** A kernel refusal; a number {@link Errno} has no name for is printed as {@code (errno 99)}. */
    CommandFailure(String command, KernelException e) {
        super(command + ": " + e.getMessage() + " (" + Errno.nameOf(e.number()) + ")", e);
        this.errno = e.errno();
    }

    /** @return the message alone: the interactive shell prints a failure as its {@code toString()} */
    @Override
    public String toString() {
        return getMessage();
    }

    /** @return the errno-style code; {@link Errno#EIO} for a kernel refusal whose number has no name */
    Errno errno() {
        return errno;
    }
}
