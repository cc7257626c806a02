package org.dlkm.launcher;

import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a script into the commands the launcher runs one at a time.
 *
 * <p>A command's text is passed to Gogo unchanged: quotes and backslashes stay in place, so Gogo
 * applies its own quoting rules. Stateless; safe to use from any thread.
 */
final class Script {

    private Script() {
    }

    /**
     * Splits {@code -c} text at each {@code ;} or newline that is outside quotes, outside a Gogo
     * closure, list or sub-expression ({@code {}}, {@code []}, {@code ()}) and not escaped by a
     * backslash. Blank commands are dropped.
     */
    static List<String> split(String text) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ']' || c == ')') && depth > 0) {
                depth--;
            } else if ((c == ';' || c == '\n') && depth == 0) {
                add(commands, current);
                continue;
            }
            current.append(c);
        }
        add(commands, current);
        return commands;
    }

    /**
     * The command on one line of a script read from standard input, or {@code null} for a blank line
     * or a {@code #} comment.
     */
    static String commandOnLine(String line) {
        String command = line.strip();
        return command.isEmpty() || command.startsWith("#") ? null : command;
    }

    /**
     * The commands of a script read line by line, one command per line, lazily: a line is read
     * when the previous command has run, as {@code sh} does.
     */
    static Iterable<String> lines(BufferedReader reader) {
        return () -> reader.lines().map(Script::commandOnLine).filter(Objects::nonNull).iterator();
    }

    private static void add(List<String> commands, StringBuilder current) {
        String command = current.toString().strip();
        if (!command.isEmpty()) {
            commands.add(command);
        }
        current.setLength(0);
    }
}
