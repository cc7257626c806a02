package org.dlkm.kernel.runtime.internal.catalog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * The limit the host's file systems put on a file name, checked before a module binary is looked for: Java's
 * {@link java.nio.file.Files#isRegularFile} answers false for a name over the limit, which would be reported as a
 * file that does not exist.
 *
 * <p>Stateless: safe to call from any thread.
 */
final class FileNames {
    /** The longest file name, in bytes, that Linux ({@code NAME_MAX}) and most file systems allow. */
    static final int MAX_BYTES = 255;

    private FileNames() {
    }

    /**
     * @param path a path the administrator gave
     * @param what the path as the message names it, such as {@code module binary /tmp/x.jar}
     * @throws KernelException {@code ENAMETOOLONG} naming the path, the length of its longest name and the limit
     */
    static void requireShortNames(Path path, String what) throws KernelException {
        for (Path name : path) {
            int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES) {
                throw new KernelException(Errno.ENAMETOOLONG, what + ": file name too long: a name in it is " + bytes
                        + " bytes, and a file name has at most " + MAX_BYTES + "; rename the file or directory");
            }
        }
    }
}
