package org.dlkm.kernel;

import java.util.Optional;

/**
 * The errno-style codes that kernel refusals carry, so that scripts can test them. The names and numbers are
 * those of the Unix {@code errno.h} the seeds assume. A module may report a number that has no name here (its
 * {@code unload()} returns any errno it likes): {@link KernelException} keeps such a number as it is, and the shell
 * prints it as {@code errno 99}.
 *
 * <p>Threading: immutable; every method may be called from any thread.
 */
public enum Errno {
    /** Operation not permitted. */
    EPERM(1),
    /** No such module, file, device or entry. */
    ENOENT(2),
    /** Interrupted: the caller's thread was interrupted while the kernel waited for it. */
    EINTR(4),
    /** I/O error. */
    EIO(5),
    /** Permission denied: a read-only proc entry written to, a file the kernel may not read. */
    EACCES(13),
    /** Not a loadable module, or a symbol it needs cannot be resolved. */
    ENOEXEC(8),
    /** Out of memory or another kernel resource. */
    ENOMEM(12),
    /** The module or device is in use. */
    EBUSY(16),
    /** It already exists: a module already loaded, a symbol already exported. */
    EEXIST(17),
    /** No such device. */
    ENODEV(19),
    /** A path names a file where a directory is needed, as {@code cd} to an entry. */
    ENOTDIR(20),
    /** A path names a directory where a file is needed, as a write to a proc directory. */
    EISDIR(21),
    /** An invalid argument: a parameter, an address, an option. */
    EINVAL(22),
    /** Try again: a resource limit was reached for now, such as {@code nproc} or {@code maxuprc} for threads. */
    EAGAIN(11),
    /** Too many open files in the kernel ({@code nfile} was reached). */
    ENFILE(23),
    /** Too many open files for one holder ({@code maxfiles_lim} was reached). */
    EMFILE(24),
    /** A value is out of range. */
    ERANGE(34),
    /** Resource deadlock avoided: a dependency cycle. */
    EDEADLK(35),
    /** The function is not implemented. */
    ENOSYS(38),
    /** Timed out: module code did not return within the kernel's limit. */
    ETIMEDOUT(110),
    /** A file name is longer than a file system allows (255 bytes a name). */
    ENAMETOOLONG(36),
    /** A file is too large for what was asked of it, such as {@code cat} of a host file past its limit. */
    EFBIG(27);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** @return the numeric errno value */
    public int number() {
        return number;
    }

    /**
     * @param number a numeric errno value, as a module's {@link org.dlkm.kernel.spi.KernelModule#unload()} returns it
     * @return the code with that number, or empty for a number this enum has no name for
     */
    public static Optional<Errno> find(int number) {
        for (Errno e : values()) {
            if (e.number == number) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * @param number a numeric errno value
     * @return how the shell prints it: the code's name ({@code EBUSY}), or {@code errno 99} for a number this enum
     *         has no name for
     */
    public static String nameOf(int number) {
        return find(number).map(Errno::name).orElse("errno " + number);
    }

    /**
     * @param number a numeric errno value
     * @return the matching code, or {@link #EIO} for a number this enum does not know, which loses the number
     * @deprecated Use {@link #find(int)}, and {@link KernelException#KernelException(int, String)} to raise a code
     *             that may have no name: both keep the number.
     */
    @Deprecated
    public static Errno of(int number) {
        return find(number).orElse(EIO);
    }
}
