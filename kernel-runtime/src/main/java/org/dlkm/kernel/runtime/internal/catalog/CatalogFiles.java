package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl.Registered;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.MasterFileParser;

/**
 * The files of the registered modules in the kernel home: for module {@code e100}, its image
 * {@code stand/dlkm/mod.d/e100.jar}, its master file {@code usr/conf/master.d/e100} and its system file
 * {@code stand/system.d/e100}, and, for a module declaring static tunables, the values registered with its image
 * {@code stand/dlkm/mod.d/e100.tunables} ({@link RegisteredTunables}). They are read together, checked against each
 * other, and changed together through the catalog's {@link CatalogJournal}: all or none.
 *
 * <p>Why this class is large: reading a module is most of it, and each of its four files has its own way of being
 * unusable (missing, unreadable, another module's, another image's), each named with the file; the writes are a few
 * lines each around the journal.
 *
 * <p>Threading: called with the kernel's transition lock held; holds no state but paths.
 */
final class CatalogFiles {
    private static final String IMAGE_SUFFIX = ".jar";

    private final Path images;
    private final Path masters;
    private final Path systems;
    private final CatalogJournal journal;
    private final ImageOrigins origins;

    CatalogFiles(KernelHomeLayout home) {
        this.images = home.images();
        this.masters = home.masterFiles();
        this.systems = home.systemFiles();
        this.journal = new CatalogJournal(home.catalogJournal(), home.root());
        this.origins = new ImageOrigins(images);
    }

    ImageOrigins origins() {
        return origins;
    }

    Path images() {
        return images;
    }

    Path masters() {
        return masters;
    }

    Path systems() {
        return systems;
    }

    CatalogJournal journal() {
        return journal;
    }

    Path image(String name) {
        return images.resolve(name + IMAGE_SUFFIX);
    }

    /** @return the values of its static tunables registered with the image */
    Path tunables(String name) {
        return images.resolve(name + RegisteredTunables.SUFFIX);
    }

    Path master(String name) {
        return masters.resolve(name);
    }

    Path system(String name) {
        return systems.resolve(name);
    }

    /** Creates the catalog's directories where missing, each forced into its parent. */
    void createDirectories() throws IOException {
        for (Path dir : List.of(images, masters, systems)) {
            AtomicFiles.createDirectories(dir);
        }
    }

    /**
     * Writes a module's image, master file and system file, and the values of its static tunables registered with the
     * image, as one transaction: after a crash at any point the module has all its old files (none, for a new one) or
     * all its new ones.
     *
     * @param operation what is done, for the journal ({@code kminstall -a e100 from /tmp/e100.jar})
     * @param tunables the static tunables' values registered with the image, by name as declared; ignored for a
     *     module that declares no static tunable
     * @param origin where the image comes from; null to keep the recorded one ({@code kmupdate -M} registers an image
     *     configured from the registered one). A new image ends a removal waiting for the module's unload
     */
    void write(String operation, ModuleJar module, SystemFile system, Map<String, Long> tunables,
            ImageOrigins.Source origin) throws IOException {
        String name = module.name();
        createDirectories();
        origins.forget(name);
        try (CatalogJournal.Transaction t = journal.begin(operation)) {
            t.copy(image(name), module.path());
            t.put(master(name), module.masterText());
            t.put(system(name), system.format());
            if (RegisteredTunables.declaresStatic(module.master())) {
                t.put(tunables(name), new RegisteredTunables(FileDigest.sha256(module.path()), tunables)
                        .format(name));
            } else if (Files.exists(tunables(name))) {
                t.delete(tunables(name));
            }
            if (origin != null) {
                t.put(origins.origin(name), origin.format());
            }
            if (Files.exists(origins.removal(name))) {
                t.delete(origins.removal(name));
            }
            t.commit();
        } finally {
            origins.forget(name);
        }
    }

    /** Writes a module's files with the values its system file plans for its static tunables. */
    void write(String operation, ModuleJar module, SystemFile system, ImageOrigins.Source origin) throws IOException {
        write(operation, module, system, RegisteredTunables.planned(module.master(), system), origin);
    }

    /** Deletes whichever of a module's files are there, as one transaction. */
    void delete(String operation, String name) throws IOException {
        origins.forget(name);
        try (CatalogJournal.Transaction t = journal.begin(operation)) {
            for (Path file : List.of(image(name), tunables(name), origins.origin(name), origins.removal(name),
                    master(name), system(name))) {
                if (Files.exists(file)) {
                    t.delete(file);
                }
            }
            t.commit();
        } finally {
            origins.forget(name);
        }
    }

    /**
     * Rewrites a module's system file alone: one file, so one atomic rename suffices; refused while a journal is
     * pending, which may be about to replace the same file.
     */
    void writeSystem(String name, SystemFile system) throws IOException {
        if (journal.pending()) {
            throw new IOException("an earlier catalog change is still pending in its journal " + journal.file()
                    + "; the next boot completes it, or says why it cannot");
        }
        system.write(system(name));
    }

    /**
     * Rewrites several modules' system files and another file of the home (the kernel's system file) as one
     * transaction: {@code kmtune} editing kernel and module tunables in one command.
     *
     * @param other a file inside the kernel home, or null
     * @param otherText its new content
     */
    void writeSystems(String operation, Map<String, SystemFile> systems, Path other, String otherText)
            throws IOException {
        try (CatalogJournal.Transaction t = journal.begin(operation)) {
            if (other != null) {
                t.put(other, otherText);
            }
            for (Map.Entry<String, SystemFile> e : systems.entrySet()) {
                t.put(system(e.getKey()), e.getValue().format());
            }
            t.commit();
        }
    }

    /** The kernel's own master file in {@code usr/conf/master.d} (its tunables), which is no module's. */
    static final String KERNEL_MASTER = "core-hpux";

    /** @return the module names that have at least one file in the catalog, sorted; hidden files are not files */
    SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        for (Path image : visibleFiles(images)) {
            String file = image.getFileName().toString();
            if (file.endsWith(IMAGE_SUFFIX) && file.length() > IMAGE_SUFFIX.length()) {
                names.add(file.substring(0, file.length() - IMAGE_SUFFIX.length()));
            }
        }
        for (Path dir : List.of(masters, systems)) {
            for (Path file : visibleFiles(dir)) {
                String name = file.getFileName().toString();
                if (!(dir.equals(masters) && name.equals(KERNEL_MASTER))) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** @return the regular files of a directory whose names do not start with a dot, sorted; none if it is absent */
    static List<Path> visibleFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        for (Path p : allFiles(dir)) {
            if (!p.getFileName().toString().startsWith(".")) {
                files.add(p);
            }
        }
        return files;
    }

    /** @return every regular file of a directory, sorted; none if it is absent or cannot be listed */
    static List<Path> allFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir)) {
            for (Path p : found) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            return files;
        }
        files.sort(null);
        return files;
    }

    /**
     * Reads a registered module: its image, its master file (which must describe the module the image is) and its
     * system file (which must fit the master file).
     *
     * @throws UnusableFileException naming the first file that cannot be used and why
     */
    Registered read(String name) throws UnusableFileException {
        Path image = image(name);
        Path master = master(name);
        Path system = system(name);
        if (!Files.isRegularFile(image)) {
            throw new UnusableFileException(Errno.ENOENT, image, image + ": missing; the module's "
                    + present(name) + " there without it");
        }
        ModuleJar jar;
        try {
            jar = ModuleJar.read(image);
        } catch (KernelException e) {
            throw new UnusableFileException(e.errno(), image, e.getMessage());
        }
        if (!jar.name().equals(name)) {
            throw new UnusableFileException(Errno.ENOEXEC, image, image + ": holds module " + jar.name() + ", not "
                    + name);
        }
        MasterFile masterFile = readMaster(jar, master);
        SystemFile systemFile;
        try {
            systemFile = SystemFile.read(system, name);
        } catch (KernelException e) {
            throw new UnusableFileException(e.errno(), system, e.getMessage());
        } catch (IOException e) {
            throw unreadable(system, e);
        }
        try {
            systemFile.validateAgainst(masterFile);
        } catch (KernelException e) {
            throw new UnusableFileException(e.errno(), system, system + ": " + e.getMessage());
        }
        return new Registered(jar, masterFile, systemFile, registeredTunables(name, image, masterFile, systemFile));
    }

    /**
     * @return the static tunables' values registered with the image; a module registered before dlkm recorded them
     *     (no file) has the values its system file plans at this read
     * @throws UnusableFileException if the file does not read, or belongs to another image
     */
    private Map<String, Long> registeredTunables(String name, Path image, MasterFile master, SystemFile system)
            throws UnusableFileException {
        Path file = tunables(name);
        if (!RegisteredTunables.declaresStatic(master)) {
            return Map.of();
        }
        Optional<RegisteredTunables> read;
        try {
            read = RegisteredTunables.read(file, master);
        } catch (KernelException e) {
            throw new UnusableFileException(e.errno(), file, e.getMessage() + "; kminstall -u registers the image"
                    + " again with the values its system file plans");
        }
        if (read.isEmpty()) {
            return RegisteredTunables.planned(master, system);
        }
        try {
            String sha = FileDigest.sha256(image);
            if (!sha.equals(read.get().imageSha256())) {
                throw new UnusableFileException(Errno.EINVAL, file, file + ": holds the static tunables of another"
                        + " image of " + name + " (sha256 " + read.get().imageSha256() + "; " + image + " has " + sha
                        + "); kminstall -u registers the image again with the values its system file plans");
            }
        } catch (IOException e) {
            throw unreadable(image, e);
        }
        return read.get().values();
    }

    /** @return the master file, parsed only when it differs from the one the image carries */
    private static MasterFile readMaster(ModuleJar jar, Path master) throws UnusableFileException {
        String text;
        try {
            text = MasterFileParser.text(master.toString(), Files.readAllBytes(master));
        } catch (IOException e) {
            throw unreadable(master, e);
        } catch (KernelException e) {
            throw new UnusableFileException(e.errno(), master, e.getMessage());
        }
        if (text.equals(jar.masterText())) {
            return jar.master();
        }
        MasterFile parsed;
        try {
            parsed = MasterFileParser.parse(master.toString(), text);
        } catch (KernelException e) {
            throw new UnusableFileException(e.errno(), master, e.getMessage());
        }
        if (!parsed.name().equals(jar.name())) {
            throw new UnusableFileException(Errno.ENOEXEC, master, master + ": describes module " + parsed.name()
                    + ", but the image " + jar.path() + " is module " + jar.name());
        }
        return parsed;
    }

    private static UnusableFileException unreadable(Path file, IOException e) {
        if (!Files.exists(file)) {
            return new UnusableFileException(Errno.ENOENT, file, file + ": missing");
        }
        return new UnusableFileException(Errno.EIO, file, file + ": cannot read it: " + e.getMessage());
    }

    /** @return which of a module's master and system file exist, as a phrase: "master file X is", "... are" */
    private String present(String name) {
        List<String> found = new ArrayList<>();
        if (Files.exists(master(name))) {
            found.add("master file " + master(name));
        }
        if (Files.exists(system(name))) {
            found.add("system file " + system(name));
        }
        return found.isEmpty() ? "other files are" : String.join(" and ", found) + (found.size() == 1 ? " is" : " are");
    }

    /**
     * A file of a module that cannot be used: the module is unusable until it is repaired. Its message names the
     * file and why.
     */
    static final class UnusableFileException extends KernelException {
        private static final long serialVersionUID = 1L;

        private final transient Path file;

        UnusableFileException(Errno errno, Path file, String message) {
            super(errno, message);
            this.file = file;
        }

        Path file() {
            return file;
        }
    }
}
