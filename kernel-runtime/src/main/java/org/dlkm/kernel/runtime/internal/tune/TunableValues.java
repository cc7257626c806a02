package org.dlkm.kernel.runtime.internal.tune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * Evaluates a set of planned values, each an integer or a formula over the others, once each: a formula that names
 * no tunable, or that leads back to itself, is an error naming both tunables.
 *
 * <p>Confined to the calling thread: one evaluation of one set of values.
 */
final class TunableValues {
    private final Map<String, TunableDeclaration> declarations;
    private final Map<String, TunableFormula> planned;
    private final Map<String, Long> values = new HashMap<>();
    /** The tunables being evaluated, outermost first: a name met again closes a cycle. */
    private final List<String> path = new ArrayList<>();

    /**
     * @param declarations every tunable, by lower-case name
     * @param planned the planned values that differ from the defaults, by lower-case name
     */
    TunableValues(Map<String, TunableDeclaration> declarations, Map<String, TunableFormula> planned) {
        this.declarations = declarations;
        this.planned = planned;
    }

    /** @return the planned value as written: the override, or the default */
    TunableFormula text(String key) {
        TunableFormula p = planned.get(key);
        return p != null ? p : declarations.get(key).defaultValue();
    }

    /**
     * @param key a declared tunable, in lower case
     * @return its planned value, evaluated
     * @throws KernelException {@code EINVAL} for an unknown name or a cycle, naming both tunables; {@code ERANGE} for
     *         an overflow
     */
    long value(String key) throws KernelException {
        Long known = values.get(key);
        if (known != null) {
            return known;
        }
        TunableDeclaration declaration = declarations.get(key);
        int at = path.indexOf(key);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(key);
            String from = path.get(path.size() - 1);
            throw new KernelException(Errno.EINVAL, "tunable " + declarations.get(from).name() + ": its value "
                    + text(from) + " leads back to " + declaration.name() + ", a cycle: " + String.join(" -> ",
                            cycle.stream().map(k -> declarations.get(k).name()).toList())
                    + "; give one of them an integer");
        }
        path.add(key);
        try {
            TunableFormula formula = text(key);
            long v = formula.evaluate(name -> {
                if (!declarations.containsKey(name)) {
                    throw new KernelException(Errno.EINVAL, "tunable " + declaration.name() + ": its value "
                            + formula + " names " + name + ", which is no tunable; kmtune lists them");
                }
                return value(name);
            });
            values.put(key, v);
            return v;
        } catch (KernelException e) {
            if (!e.getMessage().startsWith("tunable ")) {
                throw new KernelException(e.errno(), "tunable " + declaration.name() + ": " + e.getMessage());
            }
            throw e;
        } finally {
            path.remove(path.size() - 1);
        }
    }
}
