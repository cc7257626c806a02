package org.dlkm.kernel.shell.internal.paths;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * An entry of the kernel's proc tree refused what a command wrote to it (its writer's refusal, with its errno).
 * Unchecked, because the command writes through a {@link java.io.PrintStream}, which would swallow an
 * {@link java.io.IOException} and let the command succeed; this one reaches the command, which fails with it. Its
 * {@link #toString()} is its message, {@code /proc/x: reason (EINVAL)}, as a command prefixes it with its name.
 */
public final class ProcWriteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;
    private final String reason;

    ProcWriteFailure(String path, KernelException e) {
        super(withPath(path, e.getMessage()) + " (" + Errno.nameOf(e.number()) + ")", e);
        this.errno = e.errno();
        this.reason = withPath(path, e.getMessage());
    }

    /** @return the errno-style code; {@link Errno#EIO} for a number that has no name */
    public Errno errno() {
        return errno;
    }

    /** @return the message without the errno: {@code /proc/x: reason} */
    public String reason() {
        return reason;
    }

    static String withPath(String path, String message) {
        return message != null && message.startsWith(path) ? message : path + ": " + message;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
