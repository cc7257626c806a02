package org.dlkm.kernel.shell.internal.paths;

import java.io.IOException;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * The shell could not open a path of the kernel's proc tree for what was asked, as a redirection
 * ({@code > /proc/pci}) reports it: {@code dlkm: /proc/pci: read-only proc entry (EACCES)}. Its message is all a shell
 * needs to print, and so is its {@link #toString()}.
 */
public final class ProcAccessException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    ProcAccessException(Errno errno, String message) {
        super("dlkm: " + message + " (" + errno + ")");
        this.errno = errno;
    }

    ProcAccessException(String path, KernelException e) {
        super("dlkm: " + ProcWriteFailure.withPath(path, e.getMessage()) + " (" + Errno.nameOf(e.number()) + ")", e);
        this.errno = e.errno();
    }

    /** @return the errno-style code */
    public Errno errno() {
        return errno;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
