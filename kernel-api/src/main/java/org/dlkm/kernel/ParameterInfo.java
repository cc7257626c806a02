package org.dlkm.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * A parameter a module declares: what {@code vmkload_mod -s} lists. Immutable.
 */
public final class ParameterInfo {
    private final String name;
    private final ParameterType type;
    private final Long min;
    private final Long max;
    private final String defaultValue;
    private final String description;

    /**
     * @param name the name used in {@code name=value}
     * @param type the type
     * @param min the smallest value allowed for a numeric type, or null
     * @param max the largest value allowed for a numeric type, or null
     * @param defaultValue the value used when none is given, as a string
     * @param description what it does
     */
    public ParameterInfo(String name, ParameterType type, Long min, Long max, String defaultValue, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.min = min;
        this.max = max;
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.description = description == null ? "" : description;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the type */
    public ParameterType type() {
        return type;
    }

    /** @return the minimum of a numeric parameter */
    public Optional<Long> min() {
        return Optional.ofNullable(min);
    }

    /** @return the maximum of a numeric parameter */
    public Optional<Long> max() {
        return Optional.ofNullable(max);
    }

    /** @return the default value as a string */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return the description, possibly empty */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase() + ")";
    }
}
