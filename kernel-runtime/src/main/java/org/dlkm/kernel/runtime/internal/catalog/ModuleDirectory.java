package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * The module directory ({@code <home>/vmkmod}, the seed's {@code /usr/lib/vmware/vmkmod}): maps the names
 * administrators type to module jars. Stateless apart from the directory it reads.
 *
 * <p>{@code e100}, {@code e100.o}, {@code /usr/lib/vmware/vmkmod/e100.o} and {@code ~/modules/e100.o} all name
 * {@code <dir>/e100.jar}; a name ending in {@code .jar} is a path to a module jar anywhere.
 */
public final class ModuleDirectory {
    private final Path directory;
    private final List<Path> searchPath;

    /** A module directory alone. */
    public ModuleDirectory(Path directory) {
        this(directory, List.of());
    }

    /**
     * @param directory the module directory
     * @param registered directories searched first: the catalog's registered images
     */
    public ModuleDirectory(Path directory, List<Path> registered) {
        this.directory = directory;
        List<Path> path = new ArrayList<>(registered);
        path.add(directory);
        this.searchPath = List.copyOf(path);
    }

    public Path directory() {
        return directory;
    }

    /**
     * @param binary what the administrator typed
     * @return the module name the binary stands for ({@code e100} for {@code /usr/lib/vmware/vmkmod/e100.o}), or
     *         empty for a path to a jar, whose name only its master file knows
     */
    public static Optional<String> moduleName(String binary) {
        String b = binary.trim();
        if (b.endsWith(".jar")) {
            return Optional.empty();
        }
        int slash = b.lastIndexOf('/');
        String base = slash >= 0 ? b.substring(slash + 1) : b;
        if (base.endsWith(".o")) {
            base = base.substring(0, base.length() - 2);
        }
        return Optional.of(base);
    }

    /**
     * @throws KernelException {@code ENOENT} naming the binary, where it was looked for and what is available;
     *         {@code ENAMETOOLONG} for a name longer than a file system allows; {@code EINVAL} for a path the host
     *         cannot have
     */
    public Path resolve(String binary) throws KernelException {
        if (binary == null || binary.isBlank()) {
            throw new KernelException(Errno.EINVAL, "no module binary given");
        }
        Optional<String> name = moduleName(binary);
        if (name.isEmpty()) {
            Path jar;
            try {
                jar = Path.of(binary.trim()).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new KernelException(Errno.EINVAL, "module binary " + binary + ": not a path: " + e.getReason());
            }
            FileNames.requireShortNames(jar, "module binary " + binary);
            if (!Files.isRegularFile(jar)) {
                throw new KernelException(Errno.ENOENT, "module binary " + binary + ": no such file");
            }
            return jar;
        }
        if (!name.get().matches("[A-Za-z0-9_.-]+")) {
            throw new KernelException(Errno.ENOENT, "module binary " + binary + ": not a module name");
        }
        FileNames.requireShortNames(Path.of(name.get() + ".jar"), "module binary " + binary);
        for (Path dir : searchPath) {
            Path jar = dir.resolve(name.get() + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        List<String> available = available();
        throw new KernelException(Errno.ENOENT, "module binary " + binary + ": no module '" + name.get()
                + "' in the module directory " + directory + " (available: "
                + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
    }

    /** @return the module names in the registered images and the module directory, sorted, each once */
    public List<String> available() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (Path dir : searchPath) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
                for (Path jar : jars) {
                    String file = jar.getFileName().toString();
                    names.add(file.substring(0, file.length() - 4));
                }
            } catch (IOException e) {
                // an unreadable directory offers no modules
            }
        }
        return new ArrayList<>(names);
    }
}
