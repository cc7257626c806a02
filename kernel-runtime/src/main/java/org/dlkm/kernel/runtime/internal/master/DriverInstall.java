package org.dlkm.kernel.runtime.internal.master;

import java.util.Objects;

/**
 * A driver's device-number request from a master file's {@code $DRIVER_INSTALL} section: the driver name and its
 * block and character major numbers, {@value #ASSIGNED_BY_KERNEL} meaning the kernel assigns one.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param name the driver name
 * @param blockMajor the block major number, or {@value #ASSIGNED_BY_KERNEL}
 * @param charMajor the character major number, or {@value #ASSIGNED_BY_KERNEL}
 */
public record DriverInstall(String name, int blockMajor, int charMajor) {

    /** The major number that asks the kernel to assign one. */
    public static final int ASSIGNED_BY_KERNEL = -1;

    /** Checks that the name is present and the majors are {@value #ASSIGNED_BY_KERNEL} or more. */
    public DriverInstall {
        Objects.requireNonNull(name, "name");
        if (blockMajor < ASSIGNED_BY_KERNEL || charMajor < ASSIGNED_BY_KERNEL) {
            throw new IllegalArgumentException("driver " + name + ": a major number is -1 (assigned by the kernel)"
                    + " or a number from 0, not " + blockMajor + "/" + charMajor);
        }
    }
}
