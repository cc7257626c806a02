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
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.catalog.FileDigest;
import org.dlkm.kernel.runtime.internal.config.SystemDescription.Tunable;
import org.dlkm.kernel.runtime.internal.master.SectionedFile;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Line;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Section;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * A kernel file ({@code stand/vmunix}, {@code stand/build/vmunix_test}): what {@code mk_kernel} built and boot
 * reads, in the sectioned format of the system files.
 *
 * <pre>
 * * vmunix_test -- a dlkm kernel, built by mk_kernel from /stand/build/system
 * $VERSION
 * 1
 * $$$
 * $STATIC
 * vmklinux sha256:5e0c...
 * nfshaper sha256:9a41...
 * $$$
 * $TUNABLE
 * maxusers 64
 * $$$
 * </pre>
 *
 * {@code $STATIC} lists every statically configured module in load order (what a module needs comes before it),
 * each with the SHA-256 of the image the kernel was built with; {@code $TUNABLE} carries the system file's tunable
 * lines. The images themselves are in the kernel's module set, a directory of {@code <name>.jar} copies (see
 * {@link KernelPaths#moduleSet}). A malformed file is refused with the file and the line ({@code EINVAL}).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param modules the static modules, in load order
 * @param tunables the tunable lines, in file order
 */
public record KernelFile(List<Image> modules, List<Tunable> tunables) {
    private static final String SHA = "sha256:";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final SectionedFile.Layout LAYOUT = new SectionedFile.Layout("kernel file",
            List.of(SectionedFile.VERSION, SystemDescription.STATIC, SystemDescription.TUNABLE),
            SystemDescription.STATIC);

    /**
     * A static module of the kernel.
     *
     * @param name the module
     * @param sha256 the SHA-256 of its image, in lower-case hexadecimal
     */
    public record Image(String name, String sha256) {
        /** Checks that nothing is null. */
        public Image {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** Copies. */
    public KernelFile {
        modules = List.copyOf(modules);
        tunables = List.copyOf(tunables);
    }

    /** @return the static modules' names, in load order */
    public List<String> names() {
        return modules.stream().map(Image::name).toList();
    }

    /**
     * @throws KernelException {@code ENOENT} if it does not exist, {@code EINVAL} naming the line if it does not
     *         parse, {@code EIO} if it cannot be read
     */
    public static KernelFile read(Path file) throws KernelException {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new KernelException(Errno.ENOENT, file + ": no such kernel file");
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, file + ": cannot read it: " + Causes.ofFile(e), e);
        }
    }

    /** @throws KernelException {@code EINVAL} naming the source, the line and the reason */
    public static KernelFile parse(String source, byte[] bytes) throws KernelException {
        SectionedFile.Failure<KernelException> failure =
                (line, reason) -> new KernelException(Errno.EINVAL, source + ": line " + line + ": " + reason);
        String text = StrictText.utf8(bytes, failure::at);
        SectionedFile file = SectionedFile.read(text.lines().toList(), LAYOUT, failure);
        file.checkVersion("", failure);
        file.require(SystemDescription.STATIC, "a kernel file lists its static modules, even none", failure);
        Map<String, Integer> seen = new HashMap<>();
        List<Image> modules = new ArrayList<>();
        for (Line line : body(file, SystemDescription.STATIC)) {
            String[] f = line.fields();
            if (f.length != 2 || !f[1].startsWith(SHA) || !HEX.matcher(f[1].substring(SHA.length())).matches()) {
                throw failure.at(line.number(), "a " + SystemDescription.STATIC + " line of a kernel file is 'module"
                        + " sha256:<64 lower-case hexadecimal digits>'; found '" + line.text() + "'");
            }
            if (!SystemDescription.NAME.matcher(f[0]).matches()) {
                throw failure.at(line.number(), "bad module name '" + f[0] + "'");
            }
            Integer first = seen.putIfAbsent(f[0], line.number());
            if (first != null) {
                throw failure.at(line.number(), "module " + f[0] + " is named twice (first on line " + first + ")");
            }
            modules.add(new Image(f[0], f[1].substring(SHA.length())));
        }
        List<Tunable> tunables = new ArrayList<>();
        for (Line line : body(file, SystemDescription.TUNABLE)) {
            if (line.fields().length != 2) {
                throw failure.at(line.number(), "a $TUNABLE line is 'name value'; found '" + line.text() + "'");
            }
            tunables.add(new Tunable(line.fields()[0], line.fields()[1]));
        }
        return new KernelFile(modules, tunables);
    }

    /** @return the file's text */
    public String text(String fileName, String builtFrom) {
        StringBuilder sb = new StringBuilder("* ").append(fileName)
                .append(" -- a dlkm kernel, built by mk_kernel from ")
                .append(builtFrom).append('\n');
        sb.append(SectionedFile.VERSION).append('\n').append(SectionedFile.SUPPORTED_VERSION).append('\n')
                .append(SectionedFile.END).append('\n');
        sb.append(SystemDescription.STATIC).append('\n');
        modules.forEach(m -> sb.append(m.name()).append(' ').append(SHA).append(m.sha256()).append('\n'));
        sb.append(SectionedFile.END).append('\n');
        sb.append(SystemDescription.TUNABLE).append('\n');
        tunables.forEach(t -> sb.append(t.name()).append(' ').append(t.value()).append('\n'));
        sb.append(SectionedFile.END).append('\n');
        return sb.toString();
    }

    /** Writes the file crash-safely. */
    public void write(Path file, String builtFrom) throws IOException {
        AtomicFiles.write(file, text(String.valueOf(file.getFileName()), builtFrom));
    }

    /**
     * Checks the kernel's module set: each static module's copy is there with the checksum the kernel records.
     *
     * @param moduleSet the module set directory
     * @return the first problem, if any
     */
    public Optional<String> checkModuleSet(Path moduleSet) {
        for (Image m : modules) {
            Path copy = moduleSet.resolve(m.name() + ".jar");
            try {
                String actual = FileDigest.sha256(copy);
                if (!actual.equals(m.sha256())) {
                    return Optional.of(copy + ": the image of " + m.name() + " has SHA-256 " + actual + ", not the "
                            + m.sha256() + " the kernel was built with");
                }
            } catch (NoSuchFileException e) {
                return Optional.of(copy + ": the image of static module " + m.name() + " is missing from the"
                        + " kernel's module set");
            } catch (IOException e) {
                return Optional.of(copy + ": cannot read it: " + Causes.ofFile(e));
            }
        }
        return Optional.empty();
    }


    private static List<Line> body(SectionedFile file, String keyword) {
        Optional<Section> s = file.section(keyword);
        return s.isPresent() ? s.get().body() : List.of();
    }
}
