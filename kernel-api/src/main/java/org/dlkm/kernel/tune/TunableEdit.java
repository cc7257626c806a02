package org.dlkm.kernel.tune;

import java.util.Objects;

/**
 * One change {@code kmtune} asks for: {@code -s name=value}, {@code -s name+value} or {@code -r name}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param name the tunable, in any case
 * @param operation what to do
 * @param value the value or formula to set, or the integer to add; empty for a reset
 */
public record TunableEdit(String name, Operation operation, String value) {

    /** What an edit does to the planned value. */
    public enum Operation {
        /** {@code -s name=value}: the value (an integer or a formula) becomes the planned value. */
        SET,
        /** {@code -s name+value}: the planned value is increased by the integer. */
        INCREMENT,
        /** {@code -r name}: the planned value goes back to the default. */
        RESET
    }

    /** Checks that nothing is null. */
    public TunableEdit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(value, "value");
    }
}
