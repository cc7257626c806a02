package org.dlkm.kernel.runtime.internal.master;

import org.dlkm.kernel.Errno;

/**
 * A master file that cannot be used: its message is {@code <source>: line N: <reason>}, so an administrator can go
 * straight to the line. The code is {@link Errno#ENOEXEC}: a module with a bad master file is not a loadable module.
 *
 * <p>Immutable once thrown.
 */
public class MasterFileException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source what was read, such as a path or {@code e100.jar!/META-INF/dlkm/master}
     * @param line the 1-based line the problem is on
     * @param reason what is wrong and, where it helps, what is expected
     */
    public MasterFileException(String source, int line, String reason) {
        super(Errno.ENOEXEC, source, line, reason);
    }
}
