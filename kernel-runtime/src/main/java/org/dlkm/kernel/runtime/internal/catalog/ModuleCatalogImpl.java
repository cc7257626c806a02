package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.master.DriverInstall;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.MasterFileParser;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;

/**
 * The module catalog in the kernel home: registered images in {@code stand/dlkm/mod.d/<name>.jar}, master files
 * in {@code usr/conf/master.d/<name>}, system files in {@code stand/system.d/<name>}. At first boot (no
 * {@code stand/dlkm/mod.d} yet) every jar of the module directory is registered.
 *
 * <p>Threading: every method takes the kernel's transition lock, so that a catalog change never interleaves with
 * a load or unload. The registered modules are kept in memory, read once at boot and on each change.
 */
public final class ModuleCatalogImpl implements ModuleCatalog {

    /** One registered module. */
    public record Registered(ModuleJar image, MasterFile master, SystemFile system) {
        public String name() {
            return master.name();
        }
    }

    private final TransitionLock lock;
    private final Path imageDir;
    private final Path masterDir;
    private final Path systemDir;
    private final KernelLog log;
    /** Registered modules by name; hashed, because planning looks modules up once per step. */
    private final Map<String, Registered> modules = new HashMap<>();
    /**
     * By module name, the registered modules that export a package it imports, never for a package the kernel or the
     * framework provides; rebuilt on every change.
     */
    private final Map<String, Set<String>> providers = new HashMap<>();
    /** The numbered graph planners walk; null after a change until the next plan asks for it. */
    private DependencyGraph graph;
    private ToIntFunction<String> loadedId = name -> -1;
    /** What no registered module may export, and no module is counted as the provider of. */
    private final KernelPackages kernelPackages;

    /** A catalog that knows the kernel's own packages only, not the framework's. */
    public ModuleCatalogImpl(TransitionLock lock, KernelHomeLayout home, KernelLog log) {
        this(lock, home, log, KernelPackages.kernelOnly());
    }

    public ModuleCatalogImpl(TransitionLock lock, KernelHomeLayout home, KernelLog log, KernelPackages kernelPackages) {
        this.lock = lock;
        this.imageDir = home.images();
        this.masterDir = home.masterFiles();
        this.systemDir = home.systemFiles();
        this.log = log;
        this.kernelPackages = kernelPackages;
    }

    /** @param loadedId the ID of a loaded module by name, -1 if it is not loaded */
    public void setLoadedIds(ToIntFunction<String> loadedId) {
        this.loadedId = loadedId;
    }

    public Path imageDirectory() {
        return imageDir;
    }

    /**
     * Reads the catalog; at first boot registers every module jar of the module directory first.
     *
     * @return problems met: a module that could not be registered or read, one line each; the rest is usable
     */
    public List<String> boot(Path moduleDirectory) {
        try (TransitionLock.Held held = lock.enter()) {
            List<String> problems = new ArrayList<>();
            if (!Files.isDirectory(imageDir)) {
                try {
                    Files.createDirectories(imageDir);
                    Files.createDirectories(masterDir);
                    Files.createDirectories(systemDir);
                } catch (IOException e) {
                    problems.add("cannot create the catalog in " + imageDir.getParent() + ": " + e.getMessage());
                    return problems;
                }
                for (Path jar : jars(moduleDirectory)) {
                    try {
                        install(jar);
                    } catch (KernelException e) {
                        problems.add("first boot: cannot register " + jar.getFileName() + ": " + e.getMessage());
                    }
                }
            }
            modules.clear();
            for (Path image : jars(imageDir)) {
                try {
                    Registered r = read(image);
                    modules.put(r.name(), r);
                } catch (KernelException e) {
                    problems.add(e.getMessage());
                }
            }
            reindex();
            problems.forEach(p -> log.log("kminit", p));
            return problems;
        }
    }

    private static List<Path> jars(Path dir) {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jars;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "*.jar")) {
            found.forEach(jars::add);
        } catch (IOException e) {
            return jars;
        }
        Collections.sort(jars);
        return jars;
    }

    private Registered read(Path image) throws KernelException {
        ModuleJar jar = ModuleJar.read(image);
        String name = jar.name();
        Path masterFile = masterDir.resolve(name);
        Path systemFile = systemDir.resolve(name);
        try {
            String masterText = MasterFileParser.text(masterFile.toString(), Files.readAllBytes(masterFile));
            MasterFile master = masterText.equals(jar.masterText()) ? jar.master()
                    : MasterFileParser.parse(masterFile.toString(), masterText);
            if (!master.name().equals(name)) {
                throw new KernelException(Errno.ENOEXEC, masterFile + ": describes module " + master.name()
                        + ", but the image " + image + " is module " + name);
            }
            SystemFile system = SystemFile.read(systemFile, name);
            system.validateAgainst(master);
            return new Registered(jar, master, system);
        } catch (IOException e) {
            throw new KernelException(Errno.ENOENT, name + ": registered image " + image + " has no readable "
                    + (Files.exists(masterFile) ? "system file " + systemFile : "master file " + masterFile)
                    + ": " + e.getMessage(), e);
        }
    }

    private void reindex() {
        graph = null;
        Map<String, String> exporters = new HashMap<>();
        for (Registered r : sorted()) {
            for (String pkg : r.image().exportedPackages()) {
                if (!kernelPackages.provides(pkg)) {
                    exporters.putIfAbsent(pkg, r.name());
                }
            }
        }
        providers.clear();
        for (Registered r : modules.values()) {
            Set<String> found = new LinkedHashSet<>();
            for (String pkg : r.image().importedPackages()) {
                String exporter = exporters.get(pkg);
                if (exporter != null && !exporter.equals(r.name())) {
                    found.add(exporter);
                }
            }
            providers.put(r.name(), found.isEmpty() ? Set.of() : Collections.unmodifiableSet(found));
        }
    }

    /** @return the registered modules, by name */
    private List<Registered> sorted() {
        List<Registered> all = new ArrayList<>(modules.values());
        all.sort(Comparator.comparing(Registered::name));
        return all;
    }

    /** @return the registered module of that name */
    public Optional<Registered> registered(String name) {
        try (TransitionLock.Held held = lock.enter()) {
            return Optional.ofNullable(modules.get(name));
        }
    }

    /**
     * @param path a module jar
     * @return the module as the catalog read it, if the path is a registered image; the catalog is the only writer
     *         of its images, so what it read is what the file holds
     */
    public Optional<ModuleJar> image(Path path) {
        String file = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!file.endsWith(".jar")) {
            return Optional.empty();
        }
        try (TransitionLock.Held held = lock.enter()) {
            Registered r = modules.get(file.substring(0, file.length() - 4));
            return r != null && r.image().path().equals(path) ? Optional.of(r.image()) : Optional.empty();
        }
    }

    /**
     * @return the dependency graph of the registered modules ({@code $DRIVER_DEPENDENCY} and symbol providers),
     *         built at the first call after the catalog changed and shared until the next change
     */
    public DependencyGraph graph() {
        try (TransitionLock.Held held = lock.enter()) {
            if (graph == null) {
                List<MasterFile> masters = new ArrayList<>(modules.size());
                for (Registered r : modules.values()) {
                    masters.add(r.master());
                }
                graph = DependencyGraph.of(masters, name -> providers.getOrDefault(name, Set.of()));
            }
            return graph;
        }
    }

    /** @return the registered modules that export a package the named module imports */
    public Set<String> symbolProviders(String name) {
        try (TransitionLock.Held held = lock.enter()) {
            return providers.getOrDefault(name, Set.of());
        }
    }

    @Override
    public List<CatalogEntry> entries() {
        try (TransitionLock.Held held = lock.enter()) {
            List<CatalogEntry> entries = new ArrayList<>();
            for (Registered r : sorted()) {
                entries.add(entry(r));
            }
            return entries;
        }
    }

    @Override
    public Optional<CatalogEntry> entry(String name) {
        try (TransitionLock.Held held = lock.enter()) {
            Registered r = modules.get(name);
            return r == null ? Optional.empty() : Optional.of(entry(r));
        }
    }

    private CatalogEntry entry(Registered r) {
        MasterFile m = r.master();
        DriverInstall install = m.driverInstalls().isEmpty() ? null : m.driverInstalls().get(0);
        return new CatalogEntry(r.name(), m.type().fileName(), m.type().label(), r.image().description(),
                imageDir.resolve(r.name() + ".jar").toString(), masterDir.resolve(r.name()).toString(),
                systemDir.resolve(r.name()).toString(), m.loadable(), r.system().configure(), r.system().loadable(),
                m.dependencies(), install == null ? -1 : install.blockMajor(),
                install == null ? -1 : install.charMajor(), loadedId.applyAsInt(r.name()));
    }

    @Override
    public CatalogEntry install(Path jar) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            ModuleJar module = ModuleJar.read(jar.toAbsolutePath().normalize());
            kernelPackages.checkExports(module);
            String name = module.name();
            if (modules.containsKey(name)) {
                throw new KernelException(Errno.EEXIST, name + ": a module of that name is already registered ("
                        + imageDir.resolve(name + ".jar") + "); use kminstall -u to replace it");
            }
            SystemFile system = SystemFile.defaultsFor(module.master());
            try {
                Files.createDirectories(imageDir);
                AtomicFiles.write(masterDir.resolve(name), module.masterText());
                system.write(systemDir.resolve(name));
                AtomicFiles.copy(module.path(), imageDir.resolve(name + ".jar"));
            } catch (IOException e) {
                removeFiles(name);
                throw new KernelException(Errno.EIO, name + ": cannot register " + jar + ": " + e.getMessage(), e);
            }
            Registered r = read(imageDir.resolve(name + ".jar"));
            modules.put(name, r);
            reindex();
            log.log("kminstall", "registered " + name + " from " + jar);
            return entry(r);
        }
    }

    @Override
    public CatalogEntry update(Path jar) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            ModuleJar module = ModuleJar.read(jar.toAbsolutePath().normalize());
            kernelPackages.checkExports(module);
            String name = module.name();
            Registered old = modules.get(name);
            if (old == null) {
                throw new KernelException(Errno.ENOENT, name + ": no module of that name is registered; use"
                        + " kminstall -a to add it");
            }
            SystemFile system = old.system();
            if (system.loadable().isPresent() != module.master().loadable()) {
                system = SystemFile.defaultsFor(module.master()).withConfigure(system.configure());
            }
            system.validateAgainst(module.master());
            try {
                AtomicFiles.write(masterDir.resolve(name), module.masterText());
                system.write(systemDir.resolve(name));
                AtomicFiles.copy(module.path(), imageDir.resolve(name + ".jar"));
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, name + ": cannot update from " + jar + ": " + e.getMessage(), e);
            }
            Registered r = read(imageDir.resolve(name + ".jar"));
            modules.put(name, r);
            reindex();
            log.log("kminstall", "updated " + name + " from " + jar
                    + (loadedId.applyAsInt(name) > 0 ? " (the loaded module keeps its image until it is reloaded)" : ""));
            return entry(r);
        }
    }

    @Override
    public void remove(String name) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            if (!modules.containsKey(name)) {
                throw new KernelException(Errno.ENOENT, name + ": no module of that name is registered");
            }
            int id = loadedId.applyAsInt(name);
            if (id > 0) {
                throw new KernelException(Errno.EBUSY, name + ": the module is loaded (ID " + id
                        + "); unload it first with kmadmin -U " + name);
            }
            try {
                removeFiles(name);
            } catch (RuntimeException e) {
                throw new KernelException(Errno.EIO, name + ": cannot delete its files: " + e.getMessage(), e);
            }
            modules.remove(name);
            reindex();
            log.log("kminstall", "deleted " + name);
        }
    }

    private void removeFiles(String name) {
        for (Path p : List.of(imageDir.resolve(name + ".jar"), masterDir.resolve(name), systemDir.resolve(name))) {
            try {
                AtomicFiles.delete(p);
            } catch (IOException e) {
                throw new IllegalStateException(p + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public CatalogEntry setConfigure(String name, boolean configure) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            Registered r = require(name);
            return store(r, r.system().withConfigure(configure));
        }
    }

    @Override
    public CatalogEntry setLoadable(String name, boolean loadable) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            Registered r = require(name);
            return store(r, r.system().withLoadable(loadable));
        }
    }

    private Registered require(String name) throws KernelException {
        Registered r = modules.get(name);
        if (r == null) {
            throw new KernelException(Errno.ENOENT, name + ": no module of that name is registered (kminstall -a"
                    + " adds one)");
        }
        return r;
    }

    private CatalogEntry store(Registered r, SystemFile system) throws KernelException {
        try {
            system.write(systemDir.resolve(r.name()));
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, r.name() + ": cannot write its system file: " + e.getMessage(), e);
        }
        Registered updated = new Registered(r.image(), r.master(), system);
        modules.put(r.name(), updated);
        return entry(updated);
    }
}
