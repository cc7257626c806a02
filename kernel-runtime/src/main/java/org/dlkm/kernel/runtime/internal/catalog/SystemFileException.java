package org.dlkm.kernel.runtime.internal.catalog;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * A module's system file that cannot be used: its message is {@code <source>: line N: <reason>}, so an administrator
 * can go straight to the line. The code is {@link Errno#EINVAL}: the module itself is sound, the configuration an
 * administrator (or a tool) wrote for it is not.
 *
 * <p>Immutable once thrown.
 */
public class SystemFileException extends KernelException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    /**
     * @param source what was read, such as a path under the kernel home
     * @param line the 1-based line the problem is on
     * @param reason what is wrong and, where it helps, what is expected
     */
    public SystemFileException(String source, int line, String reason) {
        super(Errno.EINVAL, source + ": line " + line + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** @return what was read */
    public String source() {
        return source;
    }

    /** @return the 1-based line the problem is on */
    public int line() {
        return line;
    }

    /** @return what is wrong, without the source and line */
    public String reason() {
        return reason;
    }
}
