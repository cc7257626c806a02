package org.dlkm.kernel.tune;

import java.util.Objects;
import java.util.Optional;

/**
 * What one edit did.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param name the tunable, as declared
 * @param planned the new planned value as written
 * @param plannedValue the new planned value evaluated
 * @param kind static, dynamic or automatic
 * @param applied whether the running kernel now uses the planned value ({@code -u} of a dynamic tunable)
 * @param module the module that declares it; empty for the kernel's own
 */
public record TunableChange(String name, String planned, long plannedValue, TunableKind kind, boolean applied,
        Optional<String> module) {

    /** Checks that nothing is null. */
    public TunableChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(planned, "planned");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(module, "module");
    }
}
