package org.dlkm.kernel.runtime.internal.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.ParameterType;
import org.dlkm.kernel.runtime.internal.text.AsciiNumbers;
import org.dlkm.kernel.runtime.internal.text.StrictText;
import org.dlkm.kernel.spi.ModuleConstants;

/**
 * The parameters a module declares in its {@code DLKM-Parameters} manifest header (the analogue of a Linux module's
 * {@code .modinfo}), and the validation of {@code name=value} pairs against them. Immutable.
 *
 * <p>Header syntax: {@code name;type=int;min=0;max=16;default=0;description="..."}, clauses separated by commas.
 * {@code type} is one of {@code int}, {@code long}, {@code bool}, {@code string}; {@code min}, {@code max} apply to
 * the numeric types; {@code default} is required.
 */
public final class ParameterDeclarations {
    public static final String HEADER = ModuleConstants.PARAMETERS_HEADER;

    private final String module;
    private final Map<String, ParameterInfo> byName;

    private ParameterDeclarations(String module, Map<String, ParameterInfo> byName) {
        this.module = module;
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * @param module the module name, for messages
     * @param header the header value, possibly null
     * @throws KernelException {@code ENOEXEC} naming the module and the bad declaration
     */
    public static ParameterDeclarations parse(String module, String header) throws KernelException {
        Map<String, ParameterInfo> byName = new LinkedHashMap<>();
        try {
            for (HeaderClauses.Clause c : HeaderClauses.parse(header)) {
                ParameterInfo info = declaration(module, c);
                if (byName.put(info.name(), info) != null) {
                    throw bad(module, "parameter '" + info.name() + "' is declared twice");
                }
            }
        } catch (IllegalArgumentException e) {
            throw bad(module, e.getMessage());
        }
        ParameterDeclarations declarations = new ParameterDeclarations(module, byName);
        for (ParameterInfo info : byName.values()) {
            try {
                declarations.convert(info, info.defaultValue());
            } catch (KernelException e) {
                throw bad(module, "default of '" + info.name() + "' is invalid: " + e.getMessage());
            }
        }
        return declarations;
    }

    private static ParameterInfo declaration(String module, HeaderClauses.Clause c) throws KernelException {
        Map<String, String> a = c.attributes();
        if (!c.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw bad(module, "'" + c.name() + "' is not a valid parameter name");
        }
        String typeText = a.get("type");
        if (typeText == null) {
            throw bad(module, "parameter '" + c.name() + "' has no type");
        }
        ParameterType type;
        try {
            type = ParameterType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(module, "parameter '" + c.name() + "' has unknown type '" + typeText + "' (int, long, bool, string)");
        }
        String def = a.get("default");
        if (def == null) {
            throw bad(module, "parameter '" + c.name() + "' has no default");
        }
        Long min = bound(module, c, "min");
        Long max = bound(module, c, "max");
        return new ParameterInfo(c.name(), type, min, max, def, a.get("description"));
    }

    private static Long bound(String module, HeaderClauses.Clause c, String which) throws KernelException {
        String text = c.attributes().get(which);
        if (text == null) {
            return null;
        }
        try {
            return parseInteger(text);
        } catch (NumberFormatException e) {
            throw bad(module, "parameter '" + c.name() + "' has a non-numeric bound " + which + "="
                    + StrictText.quoted(text) + " (" + AsciiNumbers.INTEGER_FORM + ")");
        }
    }

    private static KernelException bad(String module, String reason) {
        return new KernelException(Errno.ENOEXEC,
                module + ": bad " + HEADER + " declaration: " + reason + "; the module jar must be rebuilt");
    }

    /** @return the declarations, in declaration order */
    public List<ParameterInfo> all() {
        return new ArrayList<>(byName.values());
    }

    /**
     * Validates the given values and fills in defaults.
     *
     * @param given {@code name=value} pairs as the administrator gave them
     * @return every declared parameter with its value, in declaration order, values normalised
     * @throws KernelException {@code EINVAL} for an unknown name or a value of the wrong type, {@code ERANGE} for a
     *         value out of range; the message names the parameter, the value and what is expected
     */
    public Map<String, String> resolve(Map<String, String> given) throws KernelException {
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                String known = byName.isEmpty() ? "it takes no parameters" : "known parameters: " + String.join(", ", byName.keySet());
                throw new KernelException(Errno.EINVAL, module + ": unknown parameter '" + name + "' (" + known
                        + "; see vmkload_mod -s " + module + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ParameterInfo info : byName.values()) {
            String raw = given.getOrDefault(info.name(), info.defaultValue());
            values.put(info.name(), convert(info, raw));
        }
        return values;
    }

    private String convert(ParameterInfo info, String raw) throws KernelException {
        switch (info.type()) {
        case STRING:
            return raw;
        case BOOL:
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "1": case "y": case "yes": case "true": case "on":
                return "1";
            case "0": case "n": case "no": case "false": case "off":
                return "0";
            default:
                throw new KernelException(Errno.EINVAL, module + ": parameter '" + info.name() + "' takes a boolean"
                        + " (0 or 1, y or n), not '" + raw + "'");
            }
        default:
            long value;
            try {
                value = parseInteger(raw);
            } catch (NumberFormatException e) {
                throw new KernelException(Errno.EINVAL, module + ": parameter '" + info.name() + "' takes an integer"
                        + rangeText(info) + ", not " + StrictText.quoted(raw) + "; write " + AsciiNumbers.INTEGER_FORM);
            }
            boolean fits = info.type() == ParameterType.LONG || (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE);
            if (!fits) {
                throw new KernelException(Errno.ERANGE, module + ": parameter '" + info.name() + "' value " + raw
                        + " does not fit an int (" + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
            }
            if (info.min().map(m -> value < m).orElse(false) || info.max().map(m -> value > m).orElse(false)) {
                throw new KernelException(Errno.ERANGE, module + ": parameter '" + info.name() + "' value " + raw
                        + " is out of range" + rangeText(info));
            }
            return Long.toString(value);
        }
    }

    /**
     * Parses an integer as {@link AsciiNumbers#integer} does, after trimming spaces: decimal, or hexadecimal with a
     * {@code 0x} prefix, after an optional sign; a leading zero is still decimal; ASCII digits only.
     *
     * @throws NumberFormatException if it is neither
     */
    public static long parseInteger(String text) {
        return AsciiNumbers.integer(text.trim());
    }

    private static String rangeText(ParameterInfo info) {
        if (info.min().isEmpty() && info.max().isEmpty()) {
            return "";
        }
        return " " + info.min().map(String::valueOf).orElse("") + "-" + info.max().map(String::valueOf).orElse("");
    }
}
