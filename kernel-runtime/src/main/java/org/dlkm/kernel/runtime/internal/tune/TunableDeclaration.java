package org.dlkm.kernel.runtime.internal.tune;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.tune.TunableKind;

/**
 * A tunable as a master file declares it: the kernel's {@code core-hpux} or a module's.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param name its name as declared
 * @param module the module that declares it; empty for the kernel
 * @param version the declaring master file's version; empty for the kernel
 * @param defaultValue the default, an integer or a formula
 * @param min the smallest value allowed, if bounded below
 * @param max the largest value allowed, if bounded above
 * @param kind static, dynamic or automatic
 */
record TunableDeclaration(String name, Optional<String> module, Optional<String> version,
        TunableFormula defaultValue, OptionalLong min, OptionalLong max, TunableKind kind) {

    TunableDeclaration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(kind, "kind");
    }

    /** @return the name in lower case, the key tunables are found by */
    String key() {
        return key(name);
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** @return whether the value lies within the bounds */
    boolean accepts(long value) {
        return (min.isEmpty() || min.getAsLong() <= value) && (max.isEmpty() || value <= max.getAsLong());
    }

    /**
     * @param value a value outside the bounds
     * @return which bound it breaks, for a message: {@code below its minimum 10}
     */
    String broken(long value) {
        return min.isPresent() && value < min.getAsLong() ? "below its minimum " + min.getAsLong()
                : "above its maximum " + max.getAsLong();
    }

    /** @return who declares it, for messages: {@code the kernel} or {@code module e100} */
    String owner() {
        return module.map(m -> "module " + m).orElse("the kernel");
    }

    /**
     * @param written the value as written, for the message
     * @return the value, checked against the bounds
     * @throws KernelException {@code ERANGE} naming the tunable, the value and the bound
     */
    static long checked(TunableDeclaration d, long value, TunableFormula written) throws KernelException {
        if (!d.accepts(value)) {
            throw new KernelException(Errno.ERANGE, d.name() + ": " + (written.isLiteral() ? value
                    : written + " = " + value) + " is " + d.broken(value) + "; " + d.name() + " takes "
                    + range(d));
        }
        return value;
    }

    private static String range(TunableDeclaration d) {
        if (d.min().isPresent() && d.max().isPresent()) {
            return "values from " + d.min().getAsLong() + " to " + d.max().getAsLong();
        }
        return d.min().isPresent() ? "values from " + d.min().getAsLong() : "values up to " + d.max().getAsLong();
    }
}
