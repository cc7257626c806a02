package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.SectionedFile;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Line;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Section;
import org.dlkm.kernel.runtime.internal.master.TunableSpec;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * A module's system file, the HP-UX per-module system description file: whether the module goes into the next
 * kernel configuration ({@code $CONFIGURE}), whether it goes in as a dynamically loadable module or statically
 * ({@code $LOADABLE}), and the tunables an administrator set to something other than their master-file default
 * ({@code $TUNABLE}). {@code kmsystem} edits the flags, {@code kmtune} the tunables.
 *
 * <p>Why this class is large: the reader, the checks against the master file and the writer of one format are
 * kept together so that what is written is, by construction, what is read back; half of its lines are the
 * refusals, each naming the file, the line and the reason.
 *
 * <h2>Format</h2>
 * <pre>
 * * e100 -- system file
 * $VERSION
 * 1
 * $$$
 * $CONFIGURE
 * Y
 * $$$
 * $LOADABLE
 * Y
 * $$$
 * $TUNABLE
 * e100_rx_ring 128
 * $$$
 * </pre>
 * <ul>
 * <li>A line whose first non-blank character is {@code *} is a comment; blank lines are ignored; fields are
 * separated by white space.</li>
 * <li>A section starts with its header line alone on its line and ends with a {@code $$$} line; sections may come in
 * any order, each at most once.</li>
 * <li>{@code $VERSION} (required): one line, {@code 1}, the version of the master file too.</li>
 * <li>{@code $CONFIGURE} (required): one line, {@code Y} or {@code y} (configure the module into the next kernel) or
 * {@code N} or {@code n}.</li>
 * <li>{@code $LOADABLE} (present exactly when the module's master file has a {@code $LOADABLE} section): one line,
 * {@code Y}/{@code y} (dynamically loadable) or {@code N}/{@code n} (statically configured). Ignored when
 * {@code $CONFIGURE} is {@code N}. Absent for a static module, for which {@code kmsystem} prints {@code -}.</li>
 * <li>{@code $TUNABLE} (optional, possibly empty): lines {@code name value}, the value decimal (optionally signed) or
 * {@code 0x} hexadecimal, each tunable at most once.</li>
 * </ul>
 * The file does not name its module: the caller, which found the file by module, does. Anything malformed is
 * refused with a {@link SystemFileException} naming the line and the reason; nothing is defaulted silently.
 *
 * <p>Immutable (the tunable map is an unmodifiable, ordered copy) and safe to share between threads; every
 * {@code with...} method returns a new object. The static methods are safe to call from any thread.
 *
 * @param module the module this file configures
 * @param configure whether the module is configured into the next kernel
 * @param loadable whether it is configured as dynamically loadable (true) or statically (false); empty for a
 *        static module, whose master file has no {@code $LOADABLE} section
 * @param tunables the tunables set to other than their default, in file order
 */
public record SystemFile(String module, boolean configure, Optional<Boolean> loadable, Map<String, Long> tunables) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String END = SectionedFile.END;
    private static final String VERSION = SectionedFile.VERSION;
    private static final String CONFIGURE = "$CONFIGURE";
    private static final String LOADABLE = "$LOADABLE";
    private static final String TUNABLE = "$TUNABLE";
    private static final List<String> SECTIONS = List.of(VERSION, CONFIGURE, LOADABLE, TUNABLE);
    private static final SectionedFile.Layout LAYOUT = new SectionedFile.Layout("system file", SECTIONS, CONFIGURE);
    private static final String SUPPORTED_VERSION = SectionedFile.SUPPORTED_VERSION;
    private static final String NOT_APPLICABLE = "-";
    private static final String NAME_RULE = "letters, digits and underscores, starting with a letter";

    /** Checks that nothing is null and that the names are names, and copies the tunables keeping their order. */
    public SystemFile {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(loadable, "loadable");
        requireName(module, "module name");
        Map<String, Long> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : tunables.entrySet()) {
            requireName(e.getKey(), "tunable name");
            copy.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
        }
        tunables = Collections.unmodifiableMap(copy);
    }

    /**
     * The system file a newly installed module gets: configured, loadable if its master file allows loading, no
     * tunable overrides.
     *
     * @param master the module's master file
     * @return {@code $CONFIGURE Y}, {@code $LOADABLE Y} for a loadable module (absent for a static one), no tunables
     */
    public static SystemFile defaultsFor(MasterFile master) {
        return new SystemFile(master.name(), true, master.loadable() ? Optional.of(true) : Optional.empty(),
                Map.of());
    }

    /**
     * Parses a system file held in a string.
     *
     * @param source what the text was read from, for messages (a path, as a rule)
     * @param moduleName the module the file configures
     * @param text the whole file
     * @return the parsed system file
     * @throws SystemFileException {@code EINVAL}, {@code <source>: line N: <reason>}, for anything malformed
     * @throws IllegalArgumentException if {@code moduleName} is not a module name
     */
    public static SystemFile parse(String source, String moduleName, String text) throws SystemFileException {
        SectionedFile.Failure<SystemFileException> failure =
                (line, reason) -> new SystemFileException(source, line, reason);
        return new Run(SectionedFile.read(text.lines().toList(), LAYOUT, failure), failure, moduleName).parse();
    }

    /**
     * Reads and parses a module's system file.
     *
     * @param file the file, UTF-8
     * @param moduleName the module it configures
     * @return the parsed system file
     * @throws SystemFileException {@code EINVAL}, {@code <file>: line N: <reason>}, for a byte that is not UTF-8 and
     *         for anything malformed
     * @throws IOException if reading fails
     */
    public static SystemFile read(Path file, String moduleName) throws SystemFileException, IOException {
        String source = file.toString();
        String text = StrictText.utf8(Files.readAllBytes(file), (line, reason) -> new SystemFileException(source,
                line, reason));
        return parse(source, moduleName, text);
    }

    /**
     * Writes {@link #format()} to a file crash-safely (see {@link AtomicFiles}).
     *
     * @param file the file to create or replace
     * @throws IOException if writing fails; the file then keeps its old content
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, format());
    }

    /**
     * @return the canonical text of this file: a one-line comment naming the module, then {@code $VERSION},
     *         {@code $CONFIGURE}, {@code $LOADABLE} (when present) and {@code $TUNABLE} (always, possibly empty);
     *         {@link #parse} reads it back to an equal object
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("* ").append(module).append(" -- system file\n");
        section(sb, VERSION, List.of(SUPPORTED_VERSION));
        section(sb, CONFIGURE, List.of(flag(configure)));
        loadable.ifPresent(l -> section(sb, LOADABLE, List.of(flag(l))));
        List<String> lines = new ArrayList<>();
        tunables.forEach((name, value) -> lines.add(name + " " + value));
        section(sb, TUNABLE, lines);
        return sb.toString();
    }

    /** @return {@code Y} or {@code N}, as {@code kmsystem} prints the configure flag */
    public String configureFlag() {
        return flag(configure);
    }

    /** @return {@code Y}, {@code N}, or {@code -} ("does not apply") for a static module, as {@code kmsystem} prints */
    public String loadableFlag() {
        return loadable.map(SystemFile::flag).orElse(NOT_APPLICABLE);
    }

    /**
     * @param value whether to configure the module into the next kernel ({@code kmsystem -c})
     * @return a copy with that {@code $CONFIGURE} flag
     */
    public SystemFile withConfigure(boolean value) {
        return new SystemFile(module, value, loadable, tunables);
    }

    /**
     * @param value whether to configure the module as dynamically loadable (true) or statically (false)
     *        ({@code kmsystem -l})
     * @return a copy with that {@code $LOADABLE} flag
     * @throws KernelException {@code EINVAL} if the module is static (no {@code $LOADABLE}): as the seed says,
     *         {@code kmsystem} then exits with an error
     */
    public SystemFile withLoadable(boolean value) throws KernelException {
        if (loadable.isEmpty()) {
            throw new KernelException(Errno.EINVAL, "module " + module + " has no $LOADABLE section in its master"
                    + " file: it can only be configured statically");
        }
        return new SystemFile(module, configure, Optional.of(value), tunables);
    }

    /**
     * @param name a tunable name ({@code kmtune -s name=value}); checked against the master file by
     *        {@link #validateAgainst}
     * @param value its value
     * @return a copy that sets it, in its old place if it was set already, else last
     * @throws IllegalArgumentException if the name is not a name
     */
    public SystemFile withTunable(String name, long value) {
        Map<String, Long> copy = new LinkedHashMap<>(tunables);
        copy.put(name, value);
        return new SystemFile(module, configure, loadable, copy);
    }

    /**
     * @param name a tunable name ({@code kmtune -r name})
     * @return a copy without an override for it, so the tunable has its master-file default; this object if it has
     *         none
     */
    public SystemFile withoutTunable(String name) {
        if (!tunables.containsKey(name)) {
            return this;
        }
        Map<String, Long> copy = new LinkedHashMap<>(tunables);
        copy.remove(name);
        return new SystemFile(module, configure, loadable, copy);
    }

    /**
     * Checks this file against its module's master file: same module; a {@code $LOADABLE} flag exactly when the
     * master has a {@code $LOADABLE} section; every tunable declared by the master and within its bounds.
     *
     * @param master the module's master file
     * @throws KernelException {@code EINVAL} naming the first mismatch, for a tunable its name, the value and the
     *         bounds
     */
    public void validateAgainst(MasterFile master) throws KernelException {
        if (!master.name().equals(module)) {
            throw invalid("the system file of module " + module + " was checked against the master file of "
                    + master.name());
        }
        if (loadable.isPresent() && !master.loadable()) {
            throw invalid("module " + module + " has no $LOADABLE section in its master file, but its system file"
                    + " sets $LOADABLE " + loadableFlag() + ": it can only be configured statically; remove the"
                    + " $LOADABLE section from the system file");
        }
        if (loadable.isEmpty() && master.loadable()) {
            throw invalid("module " + module + " has a $LOADABLE section in its master file, but its system file"
                    + " has none: add one ($LOADABLE, Y or N, $$$) to say how the module is configured");
        }
        for (Map.Entry<String, Long> e : tunables.entrySet()) {
            String name = e.getKey();
            long value = e.getValue();
            Optional<TunableSpec> spec = master.tunable(name);
            if (spec.isEmpty()) {
                throw invalid("module " + module + ": tunable " + name + " = " + value + " is not declared in its"
                        + " master file; " + declared(master));
            }
            if (!spec.get().accepts(value)) {
                throw invalid("module " + module + ": tunable " + name + " = " + value + " is outside its bounds "
                        + spec.get().bounds() + "; choose a value within them, or reset it to its default "
                        + spec.get().defaultValue());
            }
        }
    }

    private static String declared(MasterFile master) {
        if (master.tunables().isEmpty()) {
            return "the module declares no tunables";
        }
        return "the module's tunables are "
                + master.tunables().stream().map(TunableSpec::name).collect(Collectors.joining(", "));
    }

    private static KernelException invalid(String message) {
        return new KernelException(Errno.EINVAL, message);
    }

    private static String flag(boolean value) {
        return value ? "Y" : "N";
    }

    private static void section(StringBuilder sb, String keyword, List<String> lines) {
        sb.append(keyword).append('\n');
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        sb.append(END).append('\n');
    }

    private static void requireName(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad " + what + " '" + name + "': a name is " + NAME_RULE);
        }
    }

    /** The state of one parse. Confined to the calling thread. */
    private static final class Run {
        private final SectionedFile file;
        private final SectionedFile.Failure<SystemFileException> failure;
        private final String module;

        Run(SectionedFile file, SectionedFile.Failure<SystemFileException> failure, String module) {
            this.file = file;
            this.failure = failure;
            this.module = module;
        }

        SystemFile parse() throws SystemFileException {
            file.checkVersion(", the version of the master file", failure);
            boolean configure = flag(require(CONFIGURE, "it says whether the module goes into the next kernel:"
                    + " $CONFIGURE, a line Y or N, $$$"));
            Optional<Section> loadable = file.section(LOADABLE);
            Optional<Boolean> loadableFlag = loadable.isEmpty() ? Optional.empty() : Optional.of(flag(loadable.get()));
            return new SystemFile(module, configure, loadableFlag, tunables());
        }

        private boolean flag(Section s) throws SystemFileException {
            String rule = s.keyword() + " holds one line, the flag Y (or y) or N (or n)";
            if (s.body().isEmpty()) {
                throw fail(s.headerLine(), s.keyword() + " holds no flag; " + rule);
            }
            if (s.body().size() > 1) {
                throw fail(s.body().get(1).number(), rule + "; found a second line, '" + s.body().get(1).text()
                        + "'");
            }
            Line line = s.body().get(0);
            switch (line.text()) {
                case "Y", "y":
                    return true;
                case "N", "n":
                    return false;
                default:
                    throw fail(line.number(), "bad " + s.keyword() + " flag '" + line.text() + "'; " + rule);
            }
        }

        private Map<String, Long> tunables() throws SystemFileException {
            Optional<Section> s = file.section(TUNABLE);
            Map<String, Long> result = new LinkedHashMap<>();
            if (s.isEmpty()) {
                return result;
            }
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (Line line : s.get().body()) {
                String[] f = line.fields();
                if (f.length != 2) {
                    throw fail(line.number(), "a $TUNABLE line is 'name value'; found '" + line.text() + "'");
                }
                String name = f[0];
                if (!NAME.matcher(name).matches()) {
                    throw fail(line.number(), "bad tunable name '" + name + "': a name is " + NAME_RULE);
                }
                long value = number(line, f[1], "tunable '" + name + "': value");
                Integer first = seen.putIfAbsent(name, line.number());
                if (first != null) {
                    throw fail(line.number(), "tunable '" + name + "' is set twice (first on line " + first + ")");
                }
                result.put(name, value);
            }
            return result;
        }

        private long number(Line line, String field, String what) throws SystemFileException {
            return SectionedFile.integer(line, field, what, failure);
        }

        private Section require(String keyword, String why) throws SystemFileException {
            return file.require(keyword, why, failure);
        }

        private SystemFileException fail(int line, String reason) {
            return failure.at(line, reason);
        }
    }
}
