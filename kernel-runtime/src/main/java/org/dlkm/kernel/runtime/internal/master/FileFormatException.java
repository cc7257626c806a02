package org.dlkm.kernel.runtime.internal.master;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * A file in one of the HP-UX sectioned formats (see {@link SectionedFile}) that cannot be used: its message is
 * {@code <source>: line N: <reason>}, so an administrator can go straight to the line. Each format has its own
 * subclass, which chooses the code.
 *
 * <p>Immutable once thrown.
 */
public abstract class FileFormatException extends KernelException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    /**
     * @param errno the code, chosen by the format
     * @param source what was read, such as a path or {@code e100.jar!/META-INF/dlkm/master}
     * @param line the 1-based line the problem is on
     * @param reason what is wrong and, where it helps, what is expected
     */
    protected FileFormatException(Errno errno, String source, int line, String reason) {
        super(errno, source + ": line " + line + ": " + reason);
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
