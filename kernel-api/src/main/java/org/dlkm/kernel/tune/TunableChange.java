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
 * @param effect when the planned value takes effect in the running kernel
 * @since 1.1
 */
public record TunableChange(String name, String planned, long plannedValue, TunableKind kind, boolean applied,
        Optional<String> module, Effect effect) {

    /**
     * When a planned value takes effect, as {@code kmtune -u} says it.
     *
     * @since 1.1
     */
    public enum Effect {
        /** It is the running kernel's value now ({@code -u} of a dynamic tunable). */
        NOW,
        /** At the next boot: the kernel boots without a kernel file, and takes the system file's values. */
        NEXT_BOOT,
        /**
         * Once a kernel is built with it and installed ({@code config -u /stand/system}, then {@code shutdown -r}):
         * the kernel boots from a kernel file, whose own values win; or the module is configured statically.
         */
        KERNEL_BUILD,
        /**
         * When the module's image is next configured and registered ({@code config -M name -u}): a static tunable
         * of a loadable module.
         */
        MODULE_IMAGE
    }

    /** Checks that nothing is null. */
    public TunableChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(planned, "planned");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(effect, "effect");
    }

    /**
     * A change whose effect follows from the rest: {@link Effect#NOW} if applied, {@link Effect#MODULE_IMAGE} for a
     * module's, else {@link Effect#NEXT_BOOT}.
     */
    public TunableChange(String name, String planned, long plannedValue, TunableKind kind, boolean applied,
            Optional<String> module) {
        this(name, planned, plannedValue, kind, applied, module, applied ? Effect.NOW
                : module.isPresent() ? Effect.MODULE_IMAGE : Effect.NEXT_BOOT);
    }
}
