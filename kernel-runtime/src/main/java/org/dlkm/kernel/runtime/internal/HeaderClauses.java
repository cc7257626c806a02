package org.dlkm.kernel.runtime.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an OSGi manifest header into clauses: {@code name;key=value;key:=value, name2;...}. Values may be quoted
 * with double quotes, which protect commas and semicolons. Stateless.
 */
final class HeaderClauses {

    /**
     * One clause: its name and its attributes and directives (directives keep their {@code :=} as a trailing
     * colon on the key, {@code resolution:}).
     */
    record Clause(String name, Map<String, String> attributes) {
    }

    private HeaderClauses() {
    }

    /**
     * @param header the header value, or null
     * @return the clauses, in order; empty for a null or blank header
     * @throws IllegalArgumentException for an unterminated quote or an attribute without a name
     */
    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clauseText : split(header, ',')) {
            if (clauseText.isBlank()) {
                continue;
            }
            List<String> parts = split(clauseText, ';');
            String name = parts.get(0).trim();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String part : parts.subList(1, parts.size())) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("attribute without a name=value in '" + clauseText.trim() + "'");
                }
                String key = part.substring(0, eq).trim();
                if (key.endsWith(":")) {
                    key = key.substring(0, key.length() - 1).trim() + ":";
                }
                attributes.put(key, unquote(part.substring(eq + 1).trim()));
            }
            clauses.add(new Clause(name, attributes));
        }
        return clauses;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in '" + text.trim() + "'");
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
