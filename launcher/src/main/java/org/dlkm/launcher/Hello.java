package org.dlkm.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a shell asks for when it attaches: the first frame of every connection ({@link Frame.Type#HELLO}).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param mode the kind of session
 * @param directory the shell's working directory, against which commands resolve relative host paths
 * @param stopOnFailure {@code -e}
 * @param trace {@code -x}
 * @param verbose {@code -v}
 * @param terminal the terminal's type and size, for a terminal session
 * @param hardware the {@code --hardware} file given, which must be the one the kernel booted with
 */
record Hello(Mode mode, Path directory, boolean stopOnFailure, boolean trace, boolean verbose,
        TerminalSpec terminal, Optional<Path> hardware) {

    /** The kinds of connection. */
    enum Mode {
        /** run commands, as {@code -c} or a script on standard input does */
        SCRIPT,
        /** the interactive shell, on the attaching shell's terminal */
        TERMINAL,
        /** only ask whether the kernel runs, and its process ID */
        STATUS,
        /** stop the kernel */
        STOP
    }

    /** A session that runs no commands and has no terminal: {@link Mode#STATUS} or {@link Mode#STOP}. */
    static Hello control(Mode mode) {
        return new Hello(mode, Path.of("/"), false, false, false, TerminalSpec.NONE, Optional.empty());
    }

    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("version", Frame.VERSION);
        fields.put("mode", mode.name().toLowerCase(Locale.ROOT));
        fields.put("directory", directory.toString());
        fields.put("stop-on-failure", Boolean.toString(stopOnFailure));
        fields.put("trace", Boolean.toString(trace));
        fields.put("verbose", Boolean.toString(verbose));
        fields.put("term", terminal.type());
        fields.put("columns", Integer.toString(terminal.columns()));
        fields.put("rows", Integer.toString(terminal.rows()));
        if (hardware.isPresent()) { // no lambda: the thin client's path (ThinClient) stays free of invokedynamic
            fields.put("hardware", hardware.get().toString());
        }
        return fields;
    }

    /**
     * @throws IllegalArgumentException naming what is missing or wrong, or another protocol version
     */
    static Hello of(Map<String, String> fields) {
        String version = fields.get("version");
        if (!Frame.VERSION.equals(version)) {
            throw new IllegalArgumentException("the shell speaks attach protocol version " + version
                    + ", this kernel version " + Frame.VERSION + ": use the dlkm of the kernel's distribution");
        }
        return new Hello(Mode.valueOf(required(fields, "mode").toUpperCase(Locale.ROOT)),
                Path.of(required(fields, "directory")), flag(fields, "stop-on-failure"), flag(fields, "trace"),
                flag(fields, "verbose"), new TerminalSpec(required(fields, "term"),
                        Integer.parseInt(required(fields, "columns")), Integer.parseInt(required(fields, "rows"))),
                Optional.ofNullable(fields.get("hardware")).map(Path::of));
    }

    private static boolean flag(Map<String, String> fields, String name) {
        return Boolean.parseBoolean(required(fields, name));
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the hello has no field '" + name + "'");
        }
        return value;
    }
}
