package org.dlkm.kernel.runtime.internal.master;

import java.util.Objects;

/**
 * An interface a module is built on, from its master file's {@code $INTERFACE} section. The line {@code base}
 * alone is the name {@code base} with an empty version.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param name the interface name
 * @param version its version, empty when the line gives none
 */
public record InterfaceSpec(String name, String version) {

    /** The name of the kernel's base interface, the only one HP-UX 11.0 and later modules name. */
    public static final String BASE = "base";

    /** Checks that nothing is null. */
    public InterfaceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** @return {@code name}, or {@code name version} when there is a version */
    @Override
    public String toString() {
        return version.isEmpty() ? name : name + " " + version;
    }
}
