package org.dlkm.kernel.runtime.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.master.SectionedFile;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Line;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Section;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * A kernel system file ({@code stand/system}, a build's {@code stand/build/system}): what HP-UX's system file says
 * about a kernel, in the sectioned format of the per-module files.
 *
 * <pre>
 * * system -- the kernel's system file
 * $VERSION
 * 1
 * $$$
 * $STATIC
 * nfshaper
 * $$$
 * $TUNABLE
 * maxusers 64
 * $$$
 * </pre>
 *
 * {@code $STATIC} names the statically configured modules, one per line, as HP-UX's system file lists its drivers;
 * {@code $TUNABLE} holds {@code name value} lines, the planned tunables (the tunables room, {@code kmtune}, gives
 * them their meaning; this class checks their shape, a name and one value field, and carries them through in file
 * order). Both sections are optional, and {@link #text} leaves out an empty {@code $STATIC}, so that a file of
 * tunables alone reads as the tunables work writes it; a name given twice, a malformed line, an unknown section and every other
 * malformation are refused with the file and the line ({@code EINVAL}).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param staticModules the statically configured modules, sorted by name
 * @param tunables the tunable lines, in file order
 */
public record SystemDescription(List<String> staticModules, List<Tunable> tunables) {
    /** The section of the statically configured modules. */
    static final String STATIC = "$STATIC";
    /** The section of the tunables, as the tunables room reads it. */
    static final String TUNABLE = "$TUNABLE";

    /** A module's or a tunable's name: what the master file format allows. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final SectionedFile.Layout LAYOUT = new SectionedFile.Layout("kernel system file",
            List.of(SectionedFile.VERSION, STATIC, TUNABLE), STATIC);

    /**
     * A tunable line, {@code name value}.
     *
     * @param name the tunable's name as written
     * @param value its value as written: an integer or a formula without spaces
     */
    public record Tunable(String name, String value) {
        /** Checks that nothing is null. */
        public Tunable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Sorts and copies. */
    public SystemDescription {
        staticModules = List.copyOf(new TreeSet<>(staticModules));
        tunables = List.copyOf(tunables);
    }

    /** @return the same tunables with these static modules */
    public SystemDescription withStatic(List<String> modules) {
        return new SystemDescription(modules, tunables);
    }

    /**
     * Reads a system file.
     *
     * @throws KernelException {@code ENOENT} if it does not exist, {@code EINVAL} naming the line if it does not
     *         parse, {@code EIO} if it cannot be read
     */
    public static SystemDescription read(Path file) throws KernelException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KernelException(Errno.ENOENT, file + ": no such system file (system_prep -s FILE writes one"
                    + " describing the running kernel)");
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, file + ": cannot read it: " + Causes.ofFile(e), e);
        }
        return parse(file.toString(), bytes);
    }

    /**
     * @param source the file, for messages
     * @param bytes its content
     * @throws KernelException {@code EINVAL} naming the source, the line and the reason
     */
    public static SystemDescription parse(String source, byte[] bytes) throws KernelException {
        SectionedFile.Failure<KernelException> failure =
                (line, reason) -> new KernelException(Errno.EINVAL, source + ": line " + line + ": " + reason);
        String text = StrictText.utf8(bytes, failure::at);
        SectionedFile file = SectionedFile.read(text.lines().toList(), LAYOUT, failure);
        file.checkVersion("", failure);
        Map<String, Integer> seen = new HashMap<>();
        List<String> modules = new ArrayList<>();
        for (Line line : body(file, STATIC)) {
            if (line.fields().length != 1) {
                throw failure.at(line.number(), "a " + STATIC + " line names one module; found '" + line.text()
                        + "'");
            }
            String name = name(line.fields()[0], "module", line, failure);
            Integer first = seen.putIfAbsent("module " + name, line.number());
            if (first != null) {
                throw failure.at(line.number(), "module " + name + " is named twice (first on line " + first + ")");
            }
            modules.add(name);
        }
        List<Tunable> tunables = new ArrayList<>();
        for (Line line : body(file, TUNABLE)) {
            if (line.fields().length != 2) {
                throw failure.at(line.number(), "a " + TUNABLE + " line is 'name value'; found '" + line.text()
                        + "'");
            }
            String name = name(line.fields()[0], "tunable", line, failure);
            Integer first = seen.putIfAbsent("tunable " + name.toLowerCase(java.util.Locale.ROOT), line.number());
            if (first != null) {
                throw failure.at(line.number(), "tunable " + name + " is given twice (first on line " + first + ")");
            }
            tunables.add(new Tunable(name, line.fields()[1]));
        }
        return new SystemDescription(modules, tunables);
    }

    /** @return the file's text, as {@link #write} writes it */
    public String text(String fileName) {
        StringBuilder sb = new StringBuilder("* ").append(fileName)
                .append(" -- a kernel system file: the statically configured modules, the planned tunables\n");
        sb.append(SectionedFile.VERSION).append('\n').append(SectionedFile.SUPPORTED_VERSION).append('\n')
                .append(SectionedFile.END).append('\n');
        if (!staticModules.isEmpty()) {
            sb.append(STATIC).append('\n');
            staticModules.forEach(m -> sb.append(m).append('\n'));
            sb.append(SectionedFile.END).append('\n');
        }
        sb.append(TUNABLE).append('\n');
        tunables.forEach(t -> sb.append(t.name()).append(' ').append(t.value()).append('\n'));
        sb.append(SectionedFile.END).append('\n');
        return sb.toString();
    }

    /**
     * Writes the file crash-safely: temporary file, fsync, rename, fsync of the directory.
     *
     * @throws KernelException {@code EIO}; the file then keeps its old content
     */
    public void write(Path file) throws KernelException {
        try {
            AtomicFiles.write(file, text(String.valueOf(file.getFileName())));
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, file + ": cannot write it: " + Causes.ofFile(e)
                    + "; it keeps its old content", e);
        }
    }

    private static List<Line> body(SectionedFile file, String keyword) {
        Optional<Section> s = file.section(keyword);
        return s.isPresent() ? s.get().body() : List.of();
    }

    private static String name(String name, String what, Line line, SectionedFile.Failure<KernelException> failure)
            throws KernelException {
        if (!NAME.matcher(name).matches()) {
            throw failure.at(line.number(), "bad " + what + " name '" + name + "': a name is letters, digits and"
                    + " underscores, starting with a letter");
        }
        return name;
    }
}
