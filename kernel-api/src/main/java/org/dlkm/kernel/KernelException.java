package org.dlkm.kernel;

/**
 * A refusal or failure of the kernel. It carries an {@link Errno} code and a message that names what was refused,
 * why, and what would make it succeed. Whatever raised it has changed nothing.
 */
public class KernelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /**
     * @param errno the code
     * @param message the whole message, without the code
     */
    public KernelException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    /**
     * @param errno the code
     * @param message the whole message, without the code
     * @param cause what caused it
     */
    public KernelException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** @return the errno-style code */
    public Errno errno() {
        return errno;
    }
}
