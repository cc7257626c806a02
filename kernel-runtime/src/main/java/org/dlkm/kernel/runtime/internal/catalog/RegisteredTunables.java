package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.TunableClass;
import org.dlkm.kernel.runtime.internal.master.TunableSpec;
import org.dlkm.kernel.runtime.internal.text.AsciiNumbers;

/**
 * The values of a module's static tunables recorded with one image of it, as HP-UX makes them effective: "after the
 * loadable module is configured and registered". {@code config -M} records the planned values (its system file's)
 * beside the image it configures ({@code stand/build/mod.d/<name>.tunables}); {@code kmupdate -M} registers both
 * together ({@code stand/dlkm/mod.d/<name>.tunables}, in the same catalog transaction as the image);
 * {@code kminstall -a/-u} and a first boot record the values planned at that moment. A load takes them from here.
 *
 * <pre>
 * * aic7xxx.tunables -- the static tunables' values recorded with this image of aic7xxx
 * image sha256:3f5a...(64 hexadecimal digits)
 * aic7xxx_max_targets 8
 * </pre>
 *
 * The {@code image} line names the image the values belong to: values are never used with another image (a kill
 * between writing a configured image and its values leaves a pair that does not match, which {@code kmupdate -M}
 * refuses). A module whose master file declares no static tunable has no such file.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param imageSha256 the SHA-256 of the image the values belong to, lower-case hexadecimal
 * @param values each static tunable's value, by name as declared, in master file order
 */
public record RegisteredTunables(String imageSha256, Map<String, Long> values) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final String IMAGE = "image";
    private static final String SHA = "sha256:";
    /** The suffix of the file beside an image: {@code <name>.tunables}. */
    public static final String SUFFIX = ".tunables";

    /** Copies, keeping the order. */
    public RegisteredTunables {
        Objects.requireNonNull(imageSha256, "imageSha256");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @return whether the master file declares a static tunable, and so whether a module has the file */
    public static boolean declaresStatic(MasterFile master) {
        return master.tunables().stream().anyMatch(t -> t.tunableClass() == TunableClass.STATIC);
    }

    /**
     * @return each static tunable's planned value: the system file's, else the master file's default, by name as the
     *     master file declares it, in its order
     */
    public static Map<String, Long> planned(MasterFile master, SystemFile system) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (TunableSpec t : master.tunables()) {
            if (t.tunableClass() != TunableClass.STATIC) {
                continue;
            }
            long value = t.defaultValue();
            for (Map.Entry<String, Long> e : system.tunables().entrySet()) {
                if (e.getKey().equalsIgnoreCase(t.name())) {
                    value = e.getValue();
                }
            }
            values.put(t.name(), value);
        }
        return values;
    }

    /** @return the file's text */
    public String format(String module) {
        StringBuilder sb = new StringBuilder("* ").append(module).append(SUFFIX)
                .append(" -- the static tunables' values recorded with this image of ").append(module).append('\n');
        sb.append(IMAGE).append(' ').append(SHA).append(imageSha256).append('\n');
        values.forEach((name, value) -> sb.append(name).append(' ').append(value).append('\n'));
        return sb.toString();
    }

    /** Writes the file crash-safely. */
    public void write(Path file, String module) throws IOException {
        AtomicFiles.write(file, format(module));
    }

    /**
     * Reads a values file and checks it against the module's master file: every static tunable it declares once,
     * nothing else, each within its bounds.
     *
     * @return the values, or empty if there is no such file
     * @throws KernelException {@code EINVAL} naming the file, the line and the reason; {@code EIO}
     */
    public static Optional<RegisteredTunables> read(Path file, MasterFile master) throws KernelException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, file + ": cannot read it: " + e.getMessage(), e);
        }
        return Optional.of(parse(file.toString(), text, master));
    }

    static RegisteredTunables parse(String source, String text, MasterFile master) throws KernelException {
        String sha = null;
        Map<String, Long> values = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("*")) {
                continue;
            }
            String[] f = line.split("[ \t]+");
            if (sha == null) {
                if (f.length != 2 || !f[0].equals(IMAGE) || !f[1].startsWith(SHA)
                        || !HEX.matcher(f[1].substring(SHA.length())).matches()) {
                    throw bad(source, number, "the first line is 'image sha256:<64 lower-case hexadecimal digits>'"
                            + ", naming the image the values belong to; found '" + line + "'");
                }
                sha = f[1].substring(SHA.length());
                continue;
            }
            if (f.length != 2) {
                throw bad(source, number, "a line is 'name value'; found '" + line + "'");
            }
            TunableSpec spec = master.tunables().stream().filter(t -> t.name().equalsIgnoreCase(f[0])).findFirst()
                    .orElseThrow(() -> bad(source, number, master.name() + " declares no tunable " + f[0]));
            if (spec.tunableClass() != TunableClass.STATIC) {
                throw bad(source, number, spec.name() + " is " + spec.tunableClass().fileName() + ", not static");
            }
            long value;
            try {
                value = AsciiNumbers.integer(f[1]);
            } catch (NumberFormatException e) {
                throw bad(source, number, spec.name() + ": '" + f[1] + "' is not an integer");
            }
            if (!spec.accepts(value)) {
                throw bad(source, number, spec.name() + ": " + value + " is outside its bounds "
                        + spec.bounds());
            }
            if (values.putIfAbsent(spec.name(), value) != null) {
                throw bad(source, number, spec.name() + " is given twice");
            }
        }
        if (sha == null) {
            throw bad(source, 1, "no 'image sha256:...' line naming the image the values belong to");
        }
        for (TunableSpec t : master.tunables()) {
            if (t.tunableClass() == TunableClass.STATIC && !values.containsKey(t.name())) {
                throw bad(source, lines.size(), "no value for the static tunable " + t.name());
            }
        }
        return new RegisteredTunables(sha, values);
    }

    private static KernelException bad(String source, int line, String reason) {
        return new KernelException(Errno.EINVAL, source + ": line " + line + ": " + reason);
    }

}
