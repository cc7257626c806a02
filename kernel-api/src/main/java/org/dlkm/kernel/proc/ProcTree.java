package org.dlkm.kernel.proc;

import java.util.List;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's virtual {@code /proc}: entries published by the kernel and by modules, and the directories that
 * hold them. Directories exist while they hold an entry.
 *
 * <p>Threading: every method may be called from any thread.
 */
@ProviderType
public interface ProcTree {

    /** @return whether an entry or directory exists at the path */
    boolean exists(String path);

    /** @return whether the path is a directory */
    boolean isDirectory(String path);

    /**
     * @param path a directory
     * @return the names in it, sorted, directories with a trailing {@code /}
     * @throws KernelException {@code ENOENT} if it does not exist, {@code EINVAL} if it is an entry
     */
    List<String> list(String path) throws KernelException;

    /**
     * @return the entry's text now
     * @throws KernelException {@code ENOENT} if it does not exist, {@code EINVAL} if it is a directory
     */
    String read(String path) throws KernelException;

    /**
     * @return whether the path is an entry published with a writer, so that {@link #write} would reach it
     * @since 1.1
     */
    boolean isWritable(String path);

    /**
     * Writes text to an entry: its writer runs on the caller's thread.
     *
     * @throws KernelException {@code ENOENT} if it does not exist, {@code EISDIR} for a directory, {@code EACCES}
     *         if it is read-only, or what the entry's writer refuses
     */
    void write(String path, String text) throws KernelException;
}
