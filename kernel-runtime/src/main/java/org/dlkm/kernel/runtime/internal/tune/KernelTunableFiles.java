package org.dlkm.kernel.runtime.internal.tune;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.master.SectionedFile;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Line;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Section;
import org.dlkm.kernel.runtime.internal.master.TunableClass;
import org.dlkm.kernel.runtime.internal.text.StrictText;
import org.dlkm.kernel.tune.TunableKind;

/**
 * The kernel's two tunable files, in the sectioned format of master and system files.
 * <ul>
 * <li>The kernel master file {@code usr/conf/master.d/core-hpux}: {@code $VERSION} and {@code $TUNABLE} lines
 * {@code name default [min [max [class]]]}, the default an integer or a formula ({@code (20+8*MAXUSERS)}, no
 * spaces), {@code -} for an absent bound, the class {@code static} (the default), {@code dynamic} or
 * {@code automatic}.</li>
 * <li>The kernel system file {@code stand/system}: {@code $VERSION}, {@code $STATIC} (the config room's: the static
 * modules, kept as they are when the tunables are written) and {@code $TUNABLE} lines {@code name value}, the
 * value an integer or a formula: the planned values that differ from the defaults.</li>
 * </ul>
 * A malformed file is refused with the file, the line and the reason ({@code EINVAL}).
 *
 * <p>Stateless: the static methods are safe to call from any thread.
 */
final class KernelTunableFiles {
    /** The kernel master file's name in {@code usr/conf/master.d}. */
    static final String MASTER_NAME = "core-hpux";
    /** The kernel system file, relative to the home. */
    static final String SYSTEM_PATH = "stand/system";

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String TUNABLE = "$TUNABLE";
    private static final SectionedFile.Layout MASTER =
            new SectionedFile.Layout("kernel master file", List.of(SectionedFile.VERSION, TUNABLE), TUNABLE);
    /** The kernel's static modules, which {@code mk_kernel} reads from the same file (the config room's). */
    private static final String STATIC = "$STATIC";
    private static final SectionedFile.Layout SYSTEM =
            new SectionedFile.Layout("kernel system file", List.of(SectionedFile.VERSION, STATIC, TUNABLE), TUNABLE);

    private KernelTunableFiles() {
    }

    /** @return the master file the kernel ships, written into a home that has none */
    static String shippedMaster() {
        try (InputStream in = KernelTunableFiles.class.getResourceAsStream(KernelTunableFiles.MASTER_NAME)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param source the file, for messages
     * @param text its content
     * @return the kernel's tunables, in file order
     * @throws KernelException {@code EINVAL} naming the file, the line and the reason
     */
    static List<TunableDeclaration> parseMaster(String source, String text) throws KernelException {
        SectionedFile.Failure<KernelException> failure = failure(source);
        SectionedFile file = SectionedFile.read(text.lines().toList(), MASTER, failure);
        file.checkVersion("", failure);
        List<TunableDeclaration> result = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Optional<Section> s = file.section(TUNABLE);
        for (Line line : s.isPresent() ? s.get().body() : List.<Line>of()) {
            String[] f = line.fields();
            if (f.length < 2 || f.length > 5) {
                throw failure.at(line.number(), "a tunable line is 'name default [min [max [class]]]'; found '"
                        + line.text() + "'");
            }
            String name = name(line, f[0], failure);
            requireFirst(seen, name, line, failure);
            TunableFormula value = formula(line, f[1], "tunable " + name + ": default", failure);
            OptionalLong min = f.length > 2 ? bound(line, f[2], name + ": minimum", failure) : OptionalLong.empty();
            OptionalLong max = f.length > 3 ? bound(line, f[3], name + ": maximum", failure) : OptionalLong.empty();
            TunableKind kind = TunableKind.STATIC;
            if (f.length > 4) {
                kind = kindOf(TunableClass.fromFileName(f[4]).orElseThrow(() -> failure.at(line.number(),
                        "tunable " + name + ": unknown class '" + f[4] + "'; the classes are static, dynamic and"
                                + " automatic")));
            }
            result.add(new TunableDeclaration(name, Optional.empty(), Optional.empty(), value, min, max, kind));
        }
        return result;
    }

    /** @return the API's kind for a master file's class */
    static TunableKind kindOf(TunableClass c) {
        return switch (c) {
        case STATIC -> TunableKind.STATIC;
        case DYNAMIC -> TunableKind.DYNAMIC;
        case AUTOMATIC -> TunableKind.AUTOMATIC;
        };
    }

    /**
     * @param file a kernel system file
     * @return its planned values by lower-case name, as written, in file order
     * @throws KernelException {@code ENOENT} if it does not exist, {@code EINVAL} if it does not parse, {@code EIO}
     */
    static Map<String, TunableFormula> readSystem(Path file) throws KernelException {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KernelException(Errno.ENOENT, source + ": no such system file");
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, source + ": cannot read it: " + e.getMessage(), e);
        }
        SectionedFile.Failure<KernelException> failure = failure(source);
        String text = StrictText.utf8(bytes, failure::at);
        SectionedFile parsed = SectionedFile.read(text.lines().toList(), SYSTEM, failure);
        parsed.checkVersion("", failure);
        Map<String, TunableFormula> result = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Optional<Section> s = parsed.section(TUNABLE);
        for (Line line : s.isPresent() ? s.get().body() : List.<Line>of()) {
            if (line.fields().length != 2) {
                throw failure.at(line.number(), "a $TUNABLE line is 'name value'; found '" + line.text() + "'");
            }
            String name = name(line, line.fields()[0], failure);
            requireFirst(seen, name, line, failure);
            result.put(TunableDeclaration.key(name), formula(line, line.fields()[1], "tunable " + name, failure));
        }
        return result;
    }

    /**
     * Writes a kernel system file crash-safely (temporary file, fsync, rename, fsync of the directory).
     *
     * @param file the file
     * @param planned the planned values that differ from the defaults, by name as declared
     */
    static void writeSystem(Path file, Map<String, String> planned) throws KernelException {
        write(file, systemText(file, planned));
    }

    /**
     * @return the text of a kernel system file with these planned values and the {@code $STATIC} lines the file has
     *     now
     */
    static String systemText(Path file, Map<String, String> planned) throws KernelException {
        List<String> statics = staticModules(file);
        StringBuilder sb = new StringBuilder("* ").append(file.getFileName())
                .append(" -- the kernel's system file: its static modules, and tunables planned other than their"
                        + " defaults (kmtune)\n");
        sb.append(SectionedFile.VERSION).append('\n').append(SectionedFile.SUPPORTED_VERSION).append('\n')
                .append(SectionedFile.END).append('\n');
        if (!statics.isEmpty()) {
            sb.append(STATIC).append('\n');
            statics.forEach(name -> sb.append(name).append('\n'));
            sb.append(SectionedFile.END).append('\n');
        }
        sb.append(TUNABLE).append('\n');
        planned.forEach((name, value) -> sb.append(name).append(' ').append(value).append('\n'));
        sb.append(SectionedFile.END).append('\n');
        return sb.toString();
    }

    /** Writes a kernel system file's text crash-safely. */
    static void write(Path file, String text) throws KernelException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(file, text);
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, file + ": cannot write it: " + e.getMessage()
                    + "; it keeps its old content", e);
        }
    }

    /**
     * @return the {@code $STATIC} lines of a kernel system file, which a write of its tunables keeps as they are;
     *     none if the file does not exist
     * @throws KernelException if it exists and does not read: it is not rewritten then
     */
    private static List<String> staticModules(Path file) throws KernelException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, source + ": cannot read it: " + e.getMessage(), e);
        }
        SectionedFile.Failure<KernelException> failure = failure(source);
        SectionedFile parsed = SectionedFile.read(StrictText.utf8(bytes, failure::at).lines().toList(), SYSTEM,
                failure);
        List<String> names = new java.util.ArrayList<>();
        parsed.section(STATIC).ifPresent(section -> section.body().forEach(line -> names.add(line.text().trim())));
        return names;
    }

    private static SectionedFile.Failure<KernelException> failure(String source) {
        return (line, reason) -> new KernelException(Errno.EINVAL, source + ": line " + line + ": " + reason);
    }

    private static String name(Line line, String name, SectionedFile.Failure<KernelException> failure)
            throws KernelException {
        if (!NAME.matcher(name).matches()) {
            throw failure.at(line.number(), "bad tunable name '" + name + "': a name is letters, digits and"
                    + " underscores, starting with a letter");
        }
        return name;
    }

    private static void requireFirst(Map<String, Integer> seen, String name, Line line,
            SectionedFile.Failure<KernelException> failure) throws KernelException {
        Integer first = seen.putIfAbsent(TunableDeclaration.key(name), line.number());
        if (first != null) {
            throw failure.at(line.number(), "tunable " + name + " is given twice (first on line " + first + ")");
        }
    }

    private static TunableFormula formula(Line line, String field, String what,
            SectionedFile.Failure<KernelException> failure) throws KernelException {
        try {
            return TunableFormula.parse(field);
        } catch (KernelException e) {
            throw failure.at(line.number(), what + ": " + e.getMessage());
        }
    }

    private static OptionalLong bound(Line line, String field, String what,
            SectionedFile.Failure<KernelException> failure) throws KernelException {
        return field.equals("-") ? OptionalLong.empty()
                : OptionalLong.of(SectionedFile.integer(line, field, "tunable " + what, failure));
    }
}
