package org.dlkm.kernel.runtime.internal.tune;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.tune.TunableKind;

/**
 * What {@code system_prep} writes of the running kernel's tunables: "a system file based on your current kernel". A
 * kernel tunable is written when its current value differs from its default, the default evaluated over the current
 * values (so that {@code nproc}, whose default is a formula over {@code maxusers}, is written only when it was set
 * itself). Each line keeps the text of the running kernel's line for it (the booted kernel file's first, then
 * {@code stand/system}'s) when that is a formula that evaluates to the current value, else the current value as a
 * number. Automatic tunables are left out: the kernel tunes them.
 *
 * <p>Confined to the calling thread, which holds the {@link TunableStore}'s monitor.
 */
final class RunningDifferences {
    private final Collection<TunableDeclaration> kernel;
    private final Function<String, Long> current;

    /**
     * @param kernel the kernel's tunables, in master file order
     * @param current the current value of a tunable by lower-case name, null if none
     */
    RunningDifferences(Collection<TunableDeclaration> kernel, Function<String, Long> current) {
        this.kernel = kernel;
        this.current = current;
    }

    /**
     * @param lineSources the running kernel's lines by name (any case), the first source first
     * @param steps gets what was decided, one line each, as {@code system_prep -v} prints it
     * @return the lines, by name as declared, in the master file's order
     */
    Map<String, String> lines(List<Map<String, String>> lineSources, List<String> steps) {
        Map<String, String> lines = new LinkedHashMap<>();
        TunableFormula.Names running = name -> {
            Long v = current.apply(TunableDeclaration.key(name));
            if (v == null) {
                throw new KernelException(Errno.ENOENT, name + ": no such kernel tunable");
            }
            return v;
        };
        for (TunableDeclaration d : kernel) {
            Long now = current.apply(d.key());
            if (now == null) {
                continue;
            }
            if (d.kind() == TunableKind.AUTOMATIC) {
                steps.add("  " + d.name() + ": automatic, the kernel tunes it (now " + now + "); left out");
                continue;
            }
            String byDefault;
            try {
                long value = d.defaultValue().evaluate(running);
                if (value == now) {
                    continue;
                }
                byDefault = d.defaultValue().isLiteral() ? d.defaultValue().text()
                        : d.defaultValue().text() + " = " + value;
            } catch (KernelException e) {
                byDefault = d.defaultValue().text() + " (" + e.getMessage() + ")";
            }
            String text = Long.toString(now);
            String from = "the current value";
            for (Map<String, String> source : lineSources) {
                String written = written(source, d);
                if (written == null) {
                    continue;
                }
                try {
                    TunableFormula f = TunableFormula.parse(written);
                    if (!f.isLiteral() && f.evaluate(running) == now) {
                        text = f.text();
                        from = "the running kernel's line, which evaluates to " + now;
                        break;
                    }
                } catch (KernelException e) {
                    // not the current value's text: the number is written
                }
            }
            lines.put(d.name(), text);
            steps.add("  " + d.name() + " " + text + ": current " + now + ", default " + byDefault + " (" + from + ")");
        }
        return lines;
    }

    private static String written(Map<String, String> source, TunableDeclaration d) {
        for (Map.Entry<String, String> e : source.entrySet()) {
            if (TunableDeclaration.key(e.getKey()).equals(d.key())) {
                return e.getValue();
            }
        }
        return null;
    }
}
