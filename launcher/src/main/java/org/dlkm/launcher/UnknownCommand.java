package org.dlkm.launcher;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says "command not found" the way a Unix shell says it, {@code dlkm: NAME: command not found}, with the nearest dlkm
 * command when one is close ({@code did you mean kmadmin?}), instead of Gogo's {@code Command not found: NAME}.
 *
 * <p>Stateless; safe from any thread.
 */
final class UnknownCommand {
    private static final Pattern GOGO = Pattern.compile("Command not found: (\\S+)");
    /** The most edits (insert, delete, replace one character) a name may be from a command to be suggested. */
    private static final int NEAR = 2;

    private UnknownCommand() {
    }

    /**
     * @param message a failure's message
     * @param commands the registered commands, {@code scope:function} each, as Gogo lists them
     * @return dlkm's message if the failure is Gogo's "command not found", else empty
     */
    static Optional<String> describe(String message, Collection<?> commands) {
        Matcher m = message == null ? null : GOGO.matcher(message.strip());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(notFound(m.group(1), commands));
    }

    /**
     * @param name a command that is not there
     * @param commands the registered commands, {@code scope:function} each, as Gogo lists them
     * @return {@code dlkm: NAME: command not found}, with the nearest dlkm command when one is close
     */
    static String notFound(String name, Collection<?> commands) {
        String nearest = null;
        int best = NEAR + 1;
        for (Object command : commands) {
            String text = String.valueOf(command);
            if (!text.startsWith("dlkm:")) {
                continue;
            }
            String function = text.substring("dlkm:".length());
            if (function.startsWith("_")) {
                continue; // Gogo's internal functions, and dlkm's, are never suggested
            }
            int d = distance(name, function);
            if (d < best || (d == best && nearest != null && function.compareTo(nearest) < 0)) {
                best = d;
                nearest = function;
            }
        }
        return "dlkm: " + name + ": command not found" + (nearest == null ? "" : "; did you mean " + nearest + "?");
    }

    /**
     * The failure of a command that is not there, printed by the interactive shell as its message alone (gogo.jline
     * prints a failure's {@code toString()}).
     */
    static final class NotFound extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** The Levenshtein distance: the fewest single-character edits that turn one word into the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
