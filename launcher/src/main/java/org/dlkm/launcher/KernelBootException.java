package org.dlkm.launcher;

/**
 * The kernel could not boot: a bad hardware file, a kernel home it cannot use. The launcher prints the kernel's own
 * reason ({@code dlkm: <file>: line N: <reason>}) and exits with status 2, before any prompt or command.
 */
final class KernelBootException extends LauncherException {
    private static final long serialVersionUID = 1L;

    KernelBootException(String message, Throwable cause) {
        super(message, cause);
    }
}
