package org.dlkm.kernel.runtime.internal.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an OSGi manifest header into clauses: {@code name;key=value;key:=value, name2;...}. Values may be quoted
 * with double quotes, which protect commas and semicolons. Stateless.
 */
public final class HeaderClauses {

    /**
     * One clause: its name and its attributes and directives (directives keep their {@code :=} as a trailing
     * colon on the key, {@code resolution:}).
     */
    public record Clause(String name, Map<String, String> attributes) {
    }

    private HeaderClauses() {
    }

    /**
     * @param header the header value, or null
     * @return the clauses, in order; empty for a null or blank header
     * @throws IllegalArgumentException for an unterminated quote or an attribute without a name
     */
    public static List<Clause> parse(String header) {
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

    /**
     * Splits at each separator outside double quotes; quotes stay in the parts. Jumps from separator to quote with
     * {@link String#indexOf(int, int)} rather than looking at each character: this runs at every boot in a class
     * loader of its own, before the JIT has compiled it, where a per-character loop costs the most.
     */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int from = 0;
        while (true) {
            int sep = text.indexOf(separator, from);
            int quote = text.indexOf('"', from);
            if (quote >= 0 && (sep < 0 || quote < sep)) {
                int close = text.indexOf('"', quote + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated quote in '" + text.trim() + "'");
                }
                from = close + 1;
            } else if (sep < 0) {
                parts.add(text.substring(start));
                return parts;
            } else {
                parts.add(text.substring(start, sep));
                start = sep + 1;
                from = start;
            }
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
