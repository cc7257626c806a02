package org.dlkm.kernel.runtime.internal.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;

/**
 * The configured module images of {@code config -M}, in {@code stand/build/mod.d}: {@code <name>.jar} each, with
 * {@code <name>.tunables}, the values of its static tunables recorded with it (naming the image by its SHA-256, see
 * {@code RegisteredTunables}), until {@code kmupdate -M} moves both into place; the file {@code pending} lists the modules whose images are moved at the
 * next shutdown, one per line, followed by {@code unload} for those moved the moment they unload if that comes first; {@code <name>.<id>.jar.loaded} is the image a loaded module (of that ID) runs, kept
 * when {@code kminstall -u} registers another, and {@code <name>.jar.prev} the registered image kept while a module is
 * reloaded on its new one: either is what a failed reload loads again. Every write is crash-safe
 * ({@link AtomicFiles}); kept images are deleted at boot, when no module is loaded, since the catalog's own journal
 * already holds either the old or the new registered image.
 *
 * <p>The pending list is kept in memory once read, and replaced when written: no other process writes a kernel home
 * while its kernel runs (the home's lock), and {@code kmadmin -S} asks it of every registered module.
 *
 * <p>Threading: changed with the transition lock held; the pending list is also read without it (what
 * {@code kmadmin} shows), so its reads and writes are synchronized on this object.
 */
final class ConfiguredImages {
    private static final String PENDING = "pending";
    private static final String AT_UNLOAD = "unload";
    private static final String PREVIOUS = ".jar.prev";
    private static final String LOADED = ".jar.loaded";

    private final Path directory;
    /** The pending file's content as last read or written; null until read. */
    private Map<String, Boolean> pendingRead;

    ConfiguredImages(Path directory) {
        this.directory = directory;
    }

    /**
     * Deletes every kept image, and the temporary files of writes a crash interrupted (a kill during
     * {@code config -M}): at boot, when no module is loaded.
     */
    void clean() throws IOException {
        deleteAll("*" + PREVIOUS);
        deleteAll("*" + LOADED);
        if (Files.isDirectory(directory)) {
            List<Path> temporary = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, AtomicFiles::isTemporary)) {
                files.forEach(temporary::add);
            }
            for (Path file : temporary) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void deleteAll(String glob) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
            files.forEach(left::add);
        }
        for (Path file : left) {
            AtomicFiles.delete(file);
        }
    }

    /** @return the image the loaded module of that ID runs, if {@code kminstall -u} has replaced its registered one */
    Path loaded(String name, int id) {
        return directory.resolve(name + "." + id + LOADED);
    }

    /**
     * Keeps the image a loaded module runs, before {@code kminstall -u} replaces the registered one; the first
     * replacement while it is loaded keeps it, later ones do not touch it. Images kept for earlier loads go.
     */
    void keepLoaded(String name, int id, Path image) throws IOException {
        Path kept = loaded(name, id);
        if (Files.exists(kept)) {
            return;
        }
        deleteAll(name + ".*" + LOADED);
        AtomicFiles.copy(image, kept);
    }

    Path image(String name) {
        return directory.resolve(name + ".jar");
    }

    /** @return the values of the static tunables recorded with the configured image */
    Path tunables(String name) {
        return directory.resolve(name + org.dlkm.kernel.runtime.internal.catalog.RegisteredTunables.SUFFIX);
    }

    Path previous(String name) {
        return directory.resolve(name + PREVIOUS);
    }

    List<String> pending() {
        return new ArrayList<>(readPending().keySet());
    }

    /** @return whether the module's pending image moves into place the moment it unloads, not only at shutdown */
    boolean pendingAtUnload(String name) {
        return Boolean.TRUE.equals(readPending().get(name));
    }

    /**
     * @return whether the module's image is pending: empty if not; else whether it moves the moment the module
     *     unloads, not only at shutdown
     */
    Optional<Boolean> pendingOf(String name) {
        return Optional.ofNullable(readPending().get(name));
    }

    /**
     * @return the pending modules, each with whether its image moves the moment it unloads: the map kept, never
     *     changed (a write replaces it), so readers share it and writers copy it
     */
    private synchronized Map<String, Boolean> readPending() {
        if (pendingRead == null) {
            pendingRead = Collections.unmodifiableMap(readPendingFile());
        }
        return pendingRead;
    }

    private TreeMap<String, Boolean> readPendingFile() {
        try {
            TreeMap<String, Boolean> names = new TreeMap<>();
            for (String line : Files.readAllLines(directory.resolve(PENDING))) {
                String[] f = line.trim().split("\\s+");
                if (!f[0].isEmpty()) {
                    names.put(f[0], f.length > 1 && f[1].equals(AT_UNLOAD));
                }
            }
            return names;
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new IllegalStateException(directory.resolve(PENDING) + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /**
     * @param atUnload whether the image moves into place the moment the module unloads ({@code kmupdate -M} of a
     *     busy module), or only at the next shutdown ({@code -a})
     */
    void addPending(String name, boolean atUnload) throws KernelException {
        TreeMap<String, Boolean> names = new TreeMap<>(readPending());
        names.put(name, atUnload);
        writePending(names);
    }

    /** The module's configured image is no longer pending: it is being moved into place now. */
    void unpend(String name) throws KernelException {
        TreeMap<String, Boolean> names = new TreeMap<>(readPending());
        if (names.remove(name) != null) {
            writePending(names);
        }
    }

    /** The configured image has been moved into place: it is no longer configured nor pending. */
    void forget(String name) throws KernelException {
        try {
            unpend(name);
            AtomicFiles.delete(image(name));
            AtomicFiles.delete(tunables(name));
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, name + ": cannot remove its configured image " + image(name) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The reload is over: the images kept for it go. */
    void forgetPrevious(String name) throws KernelException {
        try {
            deleteAll(name + ".*" + LOADED);
            AtomicFiles.delete(previous(name));
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, name + ": cannot remove " + previous(name) + ": " + e.getMessage(), e);
        }
    }

    private synchronized void writePending(TreeMap<String, Boolean> names) throws KernelException {
        Path file = directory.resolve(PENDING);
        pendingRead = null;
        try {
            if (names.isEmpty()) {
                AtomicFiles.delete(file);
            } else {
                StringBuilder text = new StringBuilder();
                names.forEach((n, atUnload) -> text.append(n).append(atUnload ? " " + AT_UNLOAD : "").append('\n'));
                AtomicFiles.write(file, text.toString());
            }
            pendingRead = Collections.unmodifiableMap(new TreeMap<>(names));
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, file + ": cannot write it: " + e.getMessage(), e);
        }
    }
}
