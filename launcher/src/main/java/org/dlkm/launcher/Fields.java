package org.dlkm.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named values as the attach protocol carries them: one {@code name=value} line each. A backslash and a newline
 * in a value are written {@code \\} and {@code \n}, so any text (a directory name, a message) fits on its line.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class Fields {

    private Fields() {
    }

    static String format(Map<String, String> fields) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> field : fields.entrySet()) { // a loop, not a lambda: see ThinClient
            String name = field.getKey();
            if (name.isEmpty() || name.contains("=") || name.contains("\n")) {
                throw new IllegalArgumentException("not a field name: '" + name + "'");
            }
            text.append(name).append('=').append(field.getValue().replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
        }
        return text.toString();
    }

    /** The fields of the text, in order; a line without {@code =} is refused. */
    static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a field: '" + line + "'");
            }
            fields.put(line.substring(0, equals), unescape(line.substring(equals + 1)));
        }
        return fields;
    }

    private static String unescape(String value) {
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                text.append(next == 'n' ? '\n' : next);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
