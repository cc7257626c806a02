package org.dlkm.kernel;

/**
 * A refusal or failure of the kernel. It carries an errno number and a message that names what was refused, why,
 * and what would make it succeed. Whatever raised it has changed nothing.
 *
 * <p>The number is usually one of {@link Errno}; a module may report one that has no name there, and it is kept
 * as it is: {@link #number()} returns it and {@link Errno#nameOf(int)} prints it as {@code errno 99}.
 *
 * <p>Threading: immutable once thrown, as exceptions are; may be read from any thread.
 */
public class KernelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int number;

    /**
     * @param errno the code
     * @param message the whole message, without the code
     */
    public KernelException(Errno errno, String message) {
        this(errno.number(), message);
    }

    /**
     * @param errno the code
     * @param message the whole message, without the code
     * @param cause what caused it
     */
    public KernelException(Errno errno, String message, Throwable cause) {
        this(errno.number(), message, cause);
    }

    /**
     * For a number that may have no name in {@link Errno}, such as the one a module's
     * {@link org.dlkm.kernel.spi.KernelModule#unload()} returns to veto its unload.
     *
     * @param number the errno number; not 0, which means success
     * @param message the whole message, without the code
     * @throws IllegalArgumentException if the number is 0
     */
    public KernelException(int number, String message) {
        super(message);
        this.number = checked(number);
    }

    /**
     * @param number the errno number; not 0, which means success
     * @param message the whole message, without the code
     * @param cause what caused it
     * @throws IllegalArgumentException if the number is 0
     */
    public KernelException(int number, String message, Throwable cause) {
        super(message, cause);
        this.number = checked(number);
    }

    private static int checked(int number) {
        if (number == 0) {
            throw new IllegalArgumentException("errno 0 means success, not a refusal");
        }
        return number;
    }

    /** @return the errno number, whether or not {@link Errno} has a name for it */
    public int number() {
        return number;
    }

    /**
     * @return the errno-style code, or {@link Errno#EIO} for a number that has no name; {@link #number()} keeps
     *         such a number, and {@link Errno#find(int)} tells the two apart
     */
    public Errno errno() {
        return Errno.find(number).orElse(Errno.EIO);
    }
}
