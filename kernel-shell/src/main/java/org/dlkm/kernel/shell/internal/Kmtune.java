package org.dlkm.kernel.shell.internal;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.tune.TunableChange;
import org.dlkm.kernel.tune.TunableEdit;
import org.dlkm.kernel.tune.TunableInfo;
import org.dlkm.kernel.tune.TunableKind;
import org.dlkm.kernel.tune.TunableService;

/**
 * {@code kmtune}, as HP-UX 11i v1 has it: queries ({@code [-l] [-d] [[-q name]...] [-S system_file]}) print the brief
 * report (or with {@code -l} the detailed one) of every tunable or of those named; changes
 * ({@code [-u] [[-s name{=|+}value]...] [[-r name]...] [-S system_file]}) set or reset planned values, and with
 * {@code -u} apply the dynamic ones to the running kernel at once. The {@code Dyn} column marks a dynamic tunable
 * {@code Y}, a static one {@code -} and an automatic one {@code A}.
 *
 * <p>Stateless; safe from any thread.
 */
final class Kmtune {
    static final String NAME = "kmtune";
    static final String USAGE = String.join("\n",
            "Usage: kmtune [-l] [-d] [[-q name]...] [-S system_file]",
            "       kmtune [-u] [[-s name{=|+}value]...] [[-r name]...] [-S system_file]");
    private static final Pattern EDIT = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)([=+])(.*)");
    private static final String BRIEF = "%-20s %10s %-3s %-30s %-10s %s";

    private final TunableService tunables;

    Kmtune(TunableService tunables) {
        this.tunables = tunables;
    }

    String run(Function<String, Path> files, String... args) {
        Getopt.Parsed line;
        try {
            line = Getopt.parse("ldq:s:r:uS:h", Map.of("help", 'h'),
                    Map.of('q', "a name", 's', "name=value or name+value", 'r', "a name", 'S', "a system file"), args);
        } catch (Getopt.BadOption e) {
            throw usage(e.getMessage());
        }
        if (line.has('h')) {
            return USAGE;
        }
        if (!line.operands().isEmpty()) {
            throw usage("unexpected operand '" + line.operands().get(0) + "'");
        }
        boolean query = line.has('l') || line.has('d') || line.has('q');
        boolean change = line.has('s') || line.has('r') || line.has('u');
        if (query && change) {
            throw usage(line.letters() + ": -l, -d and -q query; -s, -r and -u change; they do not go together");
        }
        if (line.has('u') && line.has('S')) {
            throw usage("-u applies the running kernel's system file; with -S " + line.last('S').get()
                    + " it would apply a file the running kernel does not read");
        }
        Path file = line.last('S').map(files).orElse(null);
        try {
            return change ? change(line, file) : report(line, file);
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    private String report(Getopt.Parsed line, Path file) throws KernelException {
        List<TunableInfo> all = tunables.tunables(file);
        List<TunableInfo> shown = new ArrayList<>();
        if (line.has('q')) {
            for (String name : line.all('q')) {
                shown.add(all.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
                        .orElseThrow(() -> new KernelException(Errno.ENOENT, name + ": no such tunable; kmtune"
                                + " lists them")));
            }
        } else {
            shown.addAll(all);
        }
        if (line.has('d')) {
            shown.removeIf(t -> t.current() == t.plannedValue());
        }
        return line.has('l') ? detailed(shown) : brief(shown);
    }

    private String change(Getopt.Parsed line, Path file) throws KernelException {
        List<TunableEdit> edits = new ArrayList<>();
        for (Getopt.Option o : line.options()) {
            if (o.letter() == 's') {
                Matcher m = EDIT.matcher(o.argument());
                if (!m.matches()) {
                    throw usage("-s takes name=value or name+value, not '" + o.argument() + "'");
                }
                edits.add(new TunableEdit(m.group(1), m.group(2).equals("=") ? TunableEdit.Operation.SET
                        : TunableEdit.Operation.INCREMENT, m.group(3).strip().replaceAll("[ \t]", "")));
            } else if (o.letter() == 'r') {
                edits.add(new TunableEdit(o.argument(), TunableEdit.Operation.RESET, ""));
            }
        }
        boolean apply = line.has('u');
        List<TunableChange> changes = tunables.change(edits, apply, file);
        if (!apply) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (TunableChange c : changes) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            if (c.applied()) {
                sb.append(c.name()).append(": now ").append(c.plannedValue()).append(" in the running kernel");
            } else if (c.kind() == TunableKind.DYNAMIC) {
                // a dynamic tunable -u does not apply stays on in the running kernel until the next boot
                sb.append(c.name()).append(": dynamic, but on until the next boot; ").append(c.planned())
                        .append(" takes effect ").append(when(c));
            } else if (c.kind() == TunableKind.AUTOMATIC) {
                sb.append(c.name()).append(": automatic; the kernel tunes it, starting from ")
                        .append(c.plannedValue()).append(' ').append(when(c));
            } else {
                sb.append(c.name()).append(": static; ").append(c.planned())
                        .append(c.planned().equals(Long.toString(c.plannedValue())) ? "" : " = " + c.plannedValue())
                        .append(" takes effect ").append(when(c));
            }
        }
        return sb.length() == 0 ? "kmtune: nothing to apply: every planned value is current" : sb.toString();
    }

    /**
     * @return when a change not applied takes effect, as the seed says it: at the next boot; once a kernel is built
     *     with it and installed (the kernel boots from a kernel file, whose own values win at boot: "Usually a kernel
     *     rebuild is also required"); or, for a module's, once its image is configured and registered
     */
    static String when(TunableChange c) {
        return switch (c.effect()) {
        case NOW -> "now";
        case NEXT_BOOT -> "at the next boot";
        case KERNEL_BUILD -> "once a kernel is built with it and installed (config -u /stand/system, then shutdown -r)";
        case MODULE_IMAGE -> "when " + c.module().orElse("its module") + "'s image is configured and registered"
                + " (config -M " + c.module().orElse("module_name") + " -u)";
        };
    }

    /** The brief report: one line a tunable under a {@code =} rule. */
    static String brief(List<TunableInfo> shown) {
        StringBuilder sb = new StringBuilder(row("Parameter", "Current", "Dyn", "Planned", "Module", "Version"));
        sb.append('\n').append("=".repeat(79));
        for (TunableInfo t : shown) {
            sb.append('\n').append(row(t.name(), Long.toString(t.current()), " " + mark(t.kind()), t.planned(),
                    t.module().orElse(""), t.version().orElse("")));
        }
        return sb.toString();
    }

    private static String row(String... cells) {
        return String.format(BRIEF, (Object[]) cells).stripTrailing();
    }

    /** The detailed report ({@code -l}): a block of lines a tunable, blocks separated by a blank line. */
    static String detailed(List<TunableInfo> shown) {
        StringBuilder sb = new StringBuilder();
        for (TunableInfo t : shown) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(field("Parameter", t.name())).append('\n')
                    .append(field("Current", Long.toString(t.current()))).append('\n')
                    .append(field("Planned", t.planned())).append('\n')
                    .append(field("Default", t.defaultValue())).append('\n')
                    .append(field("Minimum", t.min().isPresent() ? Long.toString(t.min().getAsLong()) : "-"));
            if (t.max().isPresent()) {
                sb.append('\n').append(field("Maximum", Long.toString(t.max().getAsLong())));
            }
            sb.append('\n').append(field("Module", t.module().orElse("-"))).append('\n')
                    .append(field("Version", t.version().orElse("-"))).append('\n')
                    .append(field("Dynamic", switch (t.kind()) {
                    case DYNAMIC -> "Yes";
                    case AUTOMATIC -> "Automatic";
                    default -> "No";
                    }));
        }
        return sb.toString();
    }

    private static String field(String label, String value) {
        return String.format("%-11s %s", label + ":", value);
    }

    /** @return the {@code Dyn} column's mark: {@code Y} dynamic, {@code -} static, {@code A} automatic */
    static String mark(TunableKind kind) {
        return switch (kind) {
        case DYNAMIC -> "Y";
        case AUTOMATIC -> "A";
        default -> "-";
        };
    }


    private static CommandFailure usage(String problem) {
        return new CommandFailure(NAME, Errno.EINVAL, problem + "\n" + USAGE);
    }
}
