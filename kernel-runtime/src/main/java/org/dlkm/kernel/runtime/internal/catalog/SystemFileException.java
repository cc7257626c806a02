package org.dlkm.kernel.runtime.internal.catalog;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.runtime.internal.master.FileFormatException;

/**
 * A module's system file that cannot be used: its message is {@code <source>: line N: <reason>}, so an administrator
 * can go straight to the line. The code is {@link Errno#EINVAL}: the module itself is sound, the configuration an
 * administrator (or a tool) wrote for it is not.
 *
 * <p>Immutable once thrown.
 */
public class SystemFileException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source what was read, such as a path under the kernel home
     * @param line the 1-based line the problem is on
     * @param reason what is wrong and, where it helps, what is expected
     */
    public SystemFileException(String source, int line, String reason) {
        super(Errno.EINVAL, source, line, reason);
    }
}
