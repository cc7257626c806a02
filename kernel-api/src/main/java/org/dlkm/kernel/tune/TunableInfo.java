package org.dlkm.kernel.tune;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One tunable as {@code kmtune} reports it.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param name the tunable's name, as declared
 * @param current the value the running kernel uses
 * @param planned the planned value as written: an integer or a formula such as {@code (20+8*MAXUSERS)}
 * @param plannedValue the planned value evaluated
 * @param defaultValue the default as declared: an integer or a formula
 * @param min the smallest value allowed, if bounded below
 * @param max the largest value allowed, if bounded above
 * @param kind static, dynamic or automatic
 * @param module the module that declares it; empty for the kernel's own
 * @param version the version of the declaring master file; empty for the kernel's own
 */
public record TunableInfo(String name, long current, String planned, long plannedValue, String defaultValue,
        OptionalLong min, OptionalLong max, TunableKind kind, Optional<String> module, Optional<String> version) {

    /** Checks that nothing is null. */
    public TunableInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(planned, "planned");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
    }
}
