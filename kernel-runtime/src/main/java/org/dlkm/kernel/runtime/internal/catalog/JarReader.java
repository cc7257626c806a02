package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.UnusableModule;

/**
 * Reads module jars for loads: a registered image as the catalog read it, any other jar from the jars already read
 * while the file's size and modification time are unchanged (the least recently used dropped past 1,024). A jar of a
 * module the catalog holds as unusable is refused, wherever it is: the module is unusable until its files are
 * repaired.
 *
 * <p>Threading: called with the transition lock held.
 */
public final class JarReader {
    private final ModuleCatalogImpl catalog;
    private final Map<Path, JarRead> jarsRead = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, JarRead> eldest) {
            return size() > 1024;
        }
    };

    /** A module jar as read, with the file attributes it was read at. */
    private record JarRead(long size, FileTime modified, ModuleJar jar) {
    }

    public JarReader(ModuleCatalogImpl catalog) {
        this.catalog = catalog;
    }

    /** @return the module, if the path is a registered image; nothing is read */
    public Optional<ModuleJar> registered(Path path) {
        return catalog.image(path);
    }

    /**
     * @throws KernelException {@code ENOENT} or {@code ENOEXEC} as {@link ModuleJar#read} says, or the unusable
     *         module's own refusal
     */
    public ModuleJar read(Path path) throws KernelException {
        Optional<ModuleJar> registered = catalog.image(path);
        if (registered.isPresent()) {
            return registered.get();
        }
        ModuleJar jar = readAny(path);
        Optional<UnusableModule> broken = catalog.unusable(jar.name());
        if (broken.isPresent()) {
            throw broken.get().refusal();
        }
        return jar;
    }

    private ModuleJar readAny(Path path) throws KernelException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return ModuleJar.read(path);
        }
        JarRead cached = jarsRead.get(path);
        if (cached != null && cached.size() == attributes.size()
                && cached.modified().equals(attributes.lastModifiedTime())) {
            return cached.jar();
        }
        ModuleJar jar = ModuleJar.read(path);
        jarsRead.put(path, new JarRead(attributes.size(), attributes.lastModifiedTime(), jar));
        return jar;
    }
}
