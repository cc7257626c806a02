package org.dlkm.kernel.catalog;

import java.util.Objects;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * A module whose files are in the kernel home but that the kernel cannot use until one of them is repaired: a system
 * file that does not parse, a master file that does not match its image, an image that is missing or not a module.
 * The boot-time check names it, with the file and the reason, and leaves the file alone; every command that needs the
 * module refuses with {@link #refusal()}, and every command that lists modules shows {@link #summary()}. Immutable.
 *
 * @param name the module's name: the name its files share ({@code e100} for {@code stand/system.d/e100})
 * @param file the file at fault, as a path in the kernel home
 * @param problem what is wrong with it, naming the file (and the line, for a file that does not parse)
 * @param errno the code a command that needs the module fails with: {@code EINVAL} for a system file,
 *        {@code ENOEXEC} for a master file or an image that is not a module, {@code ENOENT} for a missing image
 */
public record UnusableModule(String name, String file, String problem, Errno errno) {

    /** Checks that nothing is null. */
    public UnusableModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(errno, "errno");
    }

    /** @return one line for a listing: {@code e100: unusable: <problem> (EINVAL)} */
    public String summary() {
        return name + ": unusable: " + problem + " (" + errno + ")";
    }

    /**
     * @return the refusal of a command that needs the module: which file is broken, why, and the three ways out
     */
    public KernelException refusal() {
        return new KernelException(errno, name + ": unusable until " + file + " is repaired: " + problem
                + "; repair or restore that file, replace the module's files with kminstall -u JAR, or delete them"
                + " with kminstall -d " + name);
    }
}
