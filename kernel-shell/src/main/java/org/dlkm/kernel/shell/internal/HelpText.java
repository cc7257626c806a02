package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The text of {@code help}: the dlkm commands by group, one line each, from {@link CommandGuide}; the other
 * registered commands by scope ({@code help -a}); a command's usage ({@code help CMD}). Gogo's internal functions,
 * whose names begin with {@code _} ({@code gogo:__files}), are never listed.
 *
 * <p>Stateless; safe from any thread.
 */
final class HelpText {
    /** The width {@code help -a} wraps its lists to. */
    static final int WIDTH = 100;
    private static final String DLKM = "dlkm";

    private HelpText() {
    }

    /**
     * @param registered the registered commands, {@code scope:function} each, as Gogo's {@code .commands} lists them
     * @return {@code help}'s text: each group of dlkm commands under its heading, then how to learn more
     */
    static String overview(Collection<?> registered) {
        Set<String> dlkm = functions(registered).getOrDefault(DLKM, new TreeSet<>());
        List<String> lines = new ArrayList<>();
        for (CommandGuide.Group group : CommandGuide.Group.values()) {
            lines.add(group.heading());
            for (CommandGuide.Command command : CommandGuide.commands()) {
                if (command.group() == group) {
                    lines.add(String.format("  %-12s %s", command.name(), command.summary()));
                }
            }
            List<String> notYet = SeedCommandNames.NOT_YET.stream().filter(dlkm::contains).toList();
            if (group == CommandGuide.Group.HPUX && !notYet.isEmpty()) {
                lines.add("  " + String.join(", ", notYet) + ": not available yet");
            }
            lines.add("");
        }
        List<String> others = dlkm.stream().filter(name -> CommandGuide.find(name).isEmpty()
                && !SeedCommandNames.NOT_YET.contains(name) && !name.startsWith("/")).toList();
        if (!others.isEmpty()) {
            lines.add("More dlkm commands");
            lines.add("  " + String.join(", ", others));
            lines.add("");
        }
        lines.add("The manuals' absolute paths run the same commands: /usr/sbin/kmadmin -L e100.");
        lines.add("help COMMAND prints a command's usage; help -a lists Gogo's and Felix's commands too (lb, grep...).");
        return String.join("\n", lines);
    }

    /**
     * @return {@code help -a}'s list: every registered command outside the dlkm scope, by scope, names beginning
     *         with {@code _} left out
     */
    static String others(Collection<?> registered) {
        List<String> lines = new ArrayList<>();
        lines.add("Gogo's and Felix's commands, by scope (scope:name runs one that a dlkm command of the same name"
                + " hides, as in gogo:help)");
        functions(registered).forEach((scope, names) -> {
            if (!scope.equals(DLKM) && !names.isEmpty()) {
                wrap(lines, String.format("  %-6s ", scope), new ArrayList<>(names));
            }
        });
        return String.join("\n", lines);
    }

    /**
     * @param name a command as typed: its name, scoped name or absolute path
     * @return its usage, when it is a dlkm command this shell knows; a command of the manuals not built yet says so
     */
    static Optional<String> usage(String name) {
        Optional<CommandGuide.Command> command = CommandGuide.find(name);
        if (command.isPresent()) {
            return Optional.of(command.get().usage());
        }
        String plain = CommandGuide.canonicalName(name);
        return SeedCommandNames.NOT_YET.contains(plain) ? Optional.of(plain + ": not available yet in dlkm")
                : Optional.empty();
    }

    /** Whether a name is one of Gogo's internal functions, which help never names. */
    static boolean internal(String name) {
        String function = name.substring(name.indexOf(':') + 1);
        return function.startsWith("_");
    }

    /** The registered functions by scope, sorted, without the internal ones. */
    private static Map<String, Set<String>> functions(Collection<?> registered) {
        Map<String, Set<String>> byScope = new TreeMap<>();
        for (Object command : registered) {
            String text = String.valueOf(command);
            int colon = text.indexOf(':');
            if (colon > 0 && !internal(text)) {
                byScope.computeIfAbsent(text.substring(0, colon), s -> new TreeSet<>()).add(text.substring(colon + 1));
            }
        }
        return byScope;
    }

    /** Adds the names after the prefix, comma-separated, on as many lines of {@link #WIDTH} as they need. */
    private static void wrap(List<String> lines, String prefix, List<String> names) {
        StringBuilder line = new StringBuilder(prefix);
        String indent = " ".repeat(prefix.length());
        for (int i = 0; i < names.size(); i++) {
            String item = names.get(i) + (i + 1 < names.size() ? "," : "");
            if (line.length() > prefix.length() && line.length() + 1 + item.length() > WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            } else if (line.length() > prefix.length()) {
                line.append(' ');
            }
            line.append(item);
        }
        lines.add(line.toString());
    }
}
