package org.dlkm.kernel.runtime.internal.master;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A tunable parameter as a master file's {@code $TUNABLE} section declares it: its name, default value, optional
 * bounds (inclusive) and class.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param name the tunable's name, a C identifier
 * @param defaultValue the value it has until an administrator sets another
 * @param min the smallest value allowed, if bounded below
 * @param max the largest value allowed, if bounded above
 * @param tunableClass when a change takes effect
 */
public record TunableSpec(String name, long defaultValue, OptionalLong min, OptionalLong max,
        TunableClass tunableClass) {

    /** Checks that nothing is null and that {@code min <= default <= max}. */
    public TunableSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(tunableClass, "tunableClass");
        if (!accepts(defaultValue, min, max)) {
            throw new IllegalArgumentException("tunable " + name + ": default " + defaultValue
                    + " is outside its bounds " + bounds(min, max));
        }
    }

    /**
     * @param value a proposed value
     * @return whether it lies within the bounds
     */
    public boolean accepts(long value) {
        return accepts(value, min, max);
    }

    /** @return the bounds for messages, such as {@code [1, 64]}, {@code [1, -]} or {@code [-, -]} */
    public String bounds() {
        return bounds(min, max);
    }

    private static boolean accepts(long value, OptionalLong min, OptionalLong max) {
        return (min.isEmpty() || min.getAsLong() <= value) && (max.isEmpty() || value <= max.getAsLong());
    }

    private static String bounds(OptionalLong min, OptionalLong max) {
        return "[" + (min.isPresent() ? Long.toString(min.getAsLong()) : "-") + ", "
                + (max.isPresent() ? Long.toString(max.getAsLong()) : "-") + "]";
    }
}
