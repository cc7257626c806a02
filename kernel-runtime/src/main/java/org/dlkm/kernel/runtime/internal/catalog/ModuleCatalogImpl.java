package org.dlkm.kernel.runtime.internal.catalog;

/*
 * Why this class is large: it is the ModuleCatalog service, and each of its operations takes the lock,
 * checks, writes through the journal and re-indexes in the same few steps; the files, the journal, the check, the
 * first boot, the images' origins, the removals waiting for an unload and the signature check are classes of their
 * own.
 */

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.RegisteredImage;
import org.dlkm.kernel.catalog.RegisteredImage.Origin;
import org.dlkm.kernel.catalog.UnusableModule;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.master.DriverInstall;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.sign.ModuleSignatures;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;

/**
 * The module catalog in the kernel home: registered images in {@code stand/dlkm/mod.d/<name>.jar}, master files
 * in {@code usr/conf/master.d/<name>}, system files in {@code stand/system.d/<name>} ({@link CatalogFiles}). A change
 * to a module's files is one journaled transaction ({@link CatalogJournal}): its files change together or not at
 * all. At every boot the {@link HomeCheck} completes or rolls back what a crash interrupted, registers the shipped
 * modules at a first boot, repairs what it can and names what it cannot: such a module is kept as
 * {@linkplain #unusable() unusable}, and every command that needs it refuses with the file and the reason.
 *
 * <p>Threading: every method takes the kernel's transition lock, so that a catalog change never interleaves with
 * a load or unload. The registered modules are kept in memory, read once at boot and on each change.
 */
public final class ModuleCatalogImpl implements ModuleCatalog {

    /**
     * One registered module.
     *
     * @param staticTunables the values of its static tunables registered with its image ({@link RegisteredTunables}),
     *     by name as declared; empty for a module that declares none
     */
    public record Registered(ModuleJar image, MasterFile master, SystemFile system, Map<String, Long> staticTunables) {
        /** Copies. */
        public Registered {
            staticTunables = Map.copyOf(staticTunables);
        }

        /** A module whose static tunables have the values its system file plans. */
        public Registered(ModuleJar image, MasterFile master, SystemFile system) {
            this(image, master, system, RegisteredTunables.planned(master, system));
        }

        public String name() {
            return master.name();
        }
    }

    private final TransitionLock lock;
    private final KernelHomeLayout home;
    private final CatalogFiles files;
    private final KernelLog log;
    /** Registered modules by name; hashed, because planning looks modules up once per step. */
    private final Map<String, Registered> modules = new HashMap<>();
    /**
     * The registered modules sorted by name, kept until {@link #modules} changes (null until made again): a boot
     * read the catalog sorted five times, each sort of 10,000 modules made afresh.
     */
    private List<Registered> byName;
    /** The registered modules whose system files refuse a demand load; null after a change until asked for. */
    private Set<String> refusedOnDemand;
    /** The registered modules declaring each service, by object class; replaced, never changed. */
    private volatile Map<String, List<String>> serviceIndex = Map.of();
    private volatile Consumer<Set<String>> servicesDeclared = services -> {
    };
    /** Modules whose files are there but broken, by name. */
    private final Map<String, UnusableModule> unusable = new TreeMap<>();
    /**
     * By module name, the registered modules that export a package it imports, never for a package the kernel or the
     * framework provides; rebuilt on every change.
     */
    private final Map<String, Set<String>> providers = new HashMap<>();
    /** The numbered graph planners walk; null after a change until the next plan asks for it. */
    private DependencyGraph graph;
    private ToIntFunction<String> loadedId = name -> -1;
    private LoadedImageKeeper keeper = (name, id, image) -> {
    };
    /** What no registered module may export, and no module is counted as the provider of. */
    private final KernelPackages kernelPackages;
    /** What a jar registered from outside the catalog must pass while module signatures are enforced. */
    private volatile ModuleSignatures signatures = ModuleSignatures.NOT_ENFORCED;
    private final PendingRemovals pendingRemovals;

    /** A catalog that knows the kernel's own packages only, not the framework's. */
    public ModuleCatalogImpl(TransitionLock lock, KernelHomeLayout home, KernelLog log) {
        this(lock, home, log, KernelPackages.kernelOnly());
    }

    public ModuleCatalogImpl(TransitionLock lock, KernelHomeLayout home, KernelLog log, KernelPackages kernelPackages) {
        this.lock = lock;
        this.home = home;
        this.files = new CatalogFiles(home);
        this.log = log;
        this.kernelPackages = kernelPackages;
        this.pendingRemovals = new PendingRemovals(this, files.origins(), lock, name -> loadedId.applyAsInt(name),
                log);
    }

    /** @param loadedId the ID of a loaded module by name, -1 if it is not loaded */
    public void setLoadedIds(ToIntFunction<String> loadedId) {
        this.loadedId = loadedId;
    }

    /**
     * @param signatures checks the jars {@code kminstall -a}/{@code -u} and hot deployment register, while the running
     *        kernel enforces module signatures; not the configured images {@code kmupdate -M} registers, copies of
     *        registered ones
     */
    public void setSignatures(ModuleSignatures signatures) {
        this.signatures = signatures;
    }

    /** Keeps the image a loaded module runs before {@code kminstall -u} replaces it on disk. */
    @FunctionalInterface
    public interface LoadedImageKeeper {
        /**
         * @param name the module
         * @param id its ID while loaded
         * @param image the registered image, about to be replaced
         * @throws IOException if the image cannot be kept: the update is then refused
         */
        void keep(String name, int id, Path image) throws IOException;
    }

    /** @param keeper what keeps a loaded module's image when a new one is registered, so a reload can fall back */
    public void setLoadedImageKeeper(LoadedImageKeeper keeper) {
        this.keeper = keeper;
    }

    public Path imageDirectory() {
        return files.images();
    }

    /**
     * Checks the kernel home ({@link HomeCheck}: completes or rolls back interrupted changes, removes leftovers,
     * registers the shipped modules at a first boot, repairs what it can) and reads the catalog.
     *
     * @param moduleDirectory the module directory, whose jars are the shipped modules
     * @return what the check did and found, one line each (nothing for a home in order); the rest is usable
     */
    public List<String> boot(Path moduleDirectory) {
        try (TransitionLock.Held held = lock.enter()) {
            HomeCheck.Result checked = new HomeCheck(files, home, moduleDirectory).run();
            modules.clear();
            modules.putAll(checked.registered());
            dropDerived();
            indexServices();
            unusable.clear();
            unusable.putAll(checked.unusable());
            reindex();
            checked.report().forEach(p -> log.log("kminit", p));
            return checked.report();
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

    /** @return the registered modules, by name: unmodifiable, made again only after a change of {@link #modules} */
    private List<Registered> sorted() {
        if (byName == null) {
            List<Registered> all = new ArrayList<>(modules.values());
            all.sort(Comparator.comparing(Registered::name));
            byName = Collections.unmodifiableList(all);
        }
        return byName;
    }

    /** Drops what is computed from the registered modules: one of them, or their set, changed. */
    private void dropDerived() {
        byName = null;
        refusedOnDemand = null;
    }

    /**
     * @return the registered modules a demand load refuses because of their system files ({@code $CONFIGURE N} or
     *         {@code $LOADABLE N}), computed once per change: a plan checks its steps against these, most often
     *         none, instead of looking each step's module up (at 10,000 modules, a lookup per step was a third of a
     *         plan's time beyond the planner's)
     */
    public Set<String> refusedOnDemand() {
        try (TransitionLock.Held held = lock.enter()) {
            if (refusedOnDemand == null) {
                Set<String> refused = new HashSet<>();
                for (Registered r : modules.values()) {
                    if (!r.system().configure() || !r.system().loadable().orElse(false)) {
                        refused.add(r.name());
                    }
                }
                refusedOnDemand = Set.copyOf(refused);
            }
            return refusedOnDemand;
        }
    }

    /**
     * @return the registered modules that declare each service they provide, by object class: a snapshot, read
     *     without the lock (service hooks may not wait for it)
     */
    public Map<String, List<String>> serviceProviders() {
        return serviceIndex;
    }

    /**
     * @param className a transmit filter class
     * @return the registered modules that declare they register it ({@code dlkm.filter} capabilities), by name
     */
    public List<String> filterClassProviders(String className) {
        try (TransitionLock.Held held = lock.enter()) {
            return sorted().stream().filter(r -> r.image().filterClasses().contains(className))
                    .map(Registered::name).toList();
        }
    }

    /**
     * @param listener told, under the catalog's lock, of the services that registered modules declare and no module
     *        declared before (at boot, every declared one); it must not block
     */
    public void setServicesDeclaredListener(Consumer<Set<String>> listener) {
        this.servicesDeclared = listener;
    }

    /** Rebuilds the index of declared services; called under the lock after every change of the registered set. */
    private void indexServices() {
        Map<String, List<String>> index = new HashMap<>();
        for (Registered r : sorted()) {
            for (String service : r.image().providedServices()) {
                index.computeIfAbsent(service, s -> new ArrayList<>()).add(r.name());
            }
        }
        index.replaceAll((s, names) -> List.copyOf(names));
        Set<String> added = new java.util.TreeSet<>(index.keySet());
        added.removeAll(serviceIndex.keySet());
        serviceIndex = Map.copyOf(index);
        if (!added.isEmpty()) {
            servicesDeclared.accept(added);
        }
    }

    /** @return every registered, usable module, sorted by name; unmodifiable */
    public List<Registered> registeredModules() {
        try (TransitionLock.Held held = lock.enter()) {
            return sorted();
        }
    }

    /**
     * Rewrites a registered module's system file crash-safely ({@code kmtune}).
     *
     * @param change what to make of the file
     * @throws KernelException {@code ENOENT} if no such module is registered, {@code EIO} if writing fails
     */
    public void changeSystem(String name, UnaryOperator<SystemFile> change) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            Registered r = require(name);
            store(r, change.apply(r.system()));
        }
    }

    /**
     * Rewrites registered modules' system files and a file of the kernel home (the kernel's system file) together,
     * through the catalog's journal: after a crash at any point all of them are old or all new ({@code kmtune}
     * editing kernel and module tunables in one command).
     *
     * @param changes what to make of each module's system file, by module
     * @param other a file inside the kernel home to write with them, or null
     * @param otherText its new content
     * @throws KernelException {@code ENOENT} if a module is not registered, {@code EIO} if writing fails
     */
    public void changeSystems(String operation, Map<String, UnaryOperator<SystemFile>> changes, Path other,
            String otherText) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            Map<String, SystemFile> systems = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, UnaryOperator<SystemFile>> c : changes.entrySet()) {
                systems.put(c.getKey(), c.getValue().apply(require(c.getKey()).system()));
            }
            try {
                files.createDirectories();
                files.writeSystems(operation, systems, other, otherText);
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, "cannot write " + (other == null ? "" : other + " and ")
                        + "the system files of " + String.join(", ", systems.keySet()) + ": " + e.getMessage()
                        + "; each keeps its old content, or the next boot completes the change", e);
            }
            systems.forEach((name, system) -> {
                Registered r = modules.get(name);
                modules.put(name, new Registered(r.image(), r.master(), system, r.staticTunables()));
                dropDerived();
            });
        }
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

    /** @return a planner over the catalog's graph that names the broken file of an unusable module */
    public LoadPlanner planner() {
        return new LoadPlanner(graph(), this::unusable);
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
                files.image(r.name()).toString(), files.master(r.name()).toString(),
                files.system(r.name()).toString(), m.loadable(), r.system().configure(), r.system().loadable(),
                m.dependencies(), install == null ? -1 : install.blockMajor(),
                install == null ? -1 : install.charMajor(), loadedId.applyAsInt(r.name()),
                m.driverInstalls().stream().map(DriverInstall::name).toList(), m.pciIds());
    }

    @Override
    public Optional<RegisteredImage> registeredImage(String name) {
        try (TransitionLock.Held held = lock.enter()) {
            if (!modules.containsKey(name)) {
                return Optional.empty();
            }
            return Optional.of(files.origins().describe(name, files.image(name)));
        } catch (IOException e) {
            return Optional.of(new RegisteredImage(name, files.origins().read(name).origin(), "", "(cannot read "
                    + files.image(name) + ": " + e.getMessage() + ")", Optional.empty()));
        }
    }

    /** @return the removals that wait for their modules to unload */
    public PendingRemovals pendingRemovals() {
        return pendingRemovals;
    }

    @Override
    public List<UnusableModule> unusable() {
        try (TransitionLock.Held held = lock.enter()) {
            return List.copyOf(unusable.values());
        }
    }

    @Override
    public Optional<UnusableModule> unusable(String name) {
        try (TransitionLock.Held held = lock.enter()) {
            return Optional.ofNullable(unusable.get(name));
        }
    }

    @Override
    public CatalogEntry install(Path jar) throws KernelException {
        return install(jar, Origin.KMINSTALL);
    }

    /**
     * Registers a module ({@code kminstall -a}), recording where its image came from.
     *
     * @param origin {@code kminstall} or hot deployment
     */
    public CatalogEntry install(Path jar, Origin origin) throws KernelException {
        Path source = jar.toAbsolutePath().normalize();
        try (ModuleSignatures.Checked checked = signatures.checked(source, files.images());
                TransitionLock.Held held = lock.enter()) {
            ModuleJar module = read(checked.file(), source);
            kernelPackages.checkExports(module);
            String name = module.name();
            if (modules.containsKey(name)) {
                throw new KernelException(Errno.EEXIST, name + ": a module of that name is already registered ("
                        + files.image(name) + "); use kminstall -u to replace it");
            }
            UnusableModule broken = unusable.get(name);
            if (broken != null) {
                throw new KernelException(Errno.EEXIST, name + ": files of a module of that name are registered, but"
                        + " unusable (" + broken.problem() + "); use kminstall -u to replace them, or kminstall -d "
                        + name + " to delete them");
            }
            try {
                files.write("kminstall -a " + name + " from " + source, module,
                        SystemFile.defaultsFor(module.master()), new ImageOrigins.Source(origin, source.toString()));
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, name + ": cannot register " + jar + ": " + e.getMessage(), e);
            }
            Registered r = changed(name);
            log.log("kminstall", "registered " + name + " from " + source);
            return entry(r);
        }
    }

    @Override
    public CatalogEntry update(Path jar) throws KernelException {
        return update(jar, Origin.KMINSTALL);
    }

    /**
     * Registers a new image of a registered module ({@code kminstall -u}), recording where it came from.
     *
     * @param origin {@code kminstall} or hot deployment
     */
    public CatalogEntry update(Path jar, Origin origin) throws KernelException {
        Path source = jar.toAbsolutePath().normalize();
        try (ModuleSignatures.Checked checked = signatures.checked(source, files.images())) {
            return update(checked.file(), source, null, origin);
        }
    }

    /**
     * @param file the jar, or the private copy of it the signature check read
     * @return the module the file holds; a refusal names the jar, not the copy
     */
    private static ModuleJar read(Path file, Path source) throws KernelException {
        try {
            return ModuleJar.read(file);
        } catch (KernelException e) {
            if (file.equals(source)) {
                throw e;
            }
            throw new KernelException(e.errno(), e.getMessage().replace(file.toString(), source.toString()), e);
        }
    }

    /**
     * Registers a module's configured image ({@code kmupdate -M}) with the values of its static tunables, in one
     * transaction; the image keeps the origin recorded for the one it was configured from.
     */
    public CatalogEntry update(Path jar, Map<String, Long> tunables) throws KernelException {
        Path source = jar.toAbsolutePath().normalize();
        return update(source, source, tunables, null);
    }

    /**
     * Registers a new image of a registered module ({@code kminstall -u}, or {@code kmupdate -M}), with the values of
     * its static tunables, in one transaction.
     *
     * @param tunables the static tunables' values to register with the image ({@code config -M} recorded them); null
     *     for the values the module's system file plans now
     * @param jar the file to read and register: the jar, or the private copy the signature check read
     * @param source the jar as named (in the journal, the origin and the log)
     * @param origin where the image came from; null to keep the recorded one
     */
    private CatalogEntry update(Path jar, Path source, Map<String, Long> tunables, Origin origin)
            throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            ModuleJar module = read(jar, source);
            kernelPackages.checkExports(module);
            String name = module.name();
            Registered old = modules.get(name);
            if (old == null && !unusable.containsKey(name)) {
                throw new KernelException(Errno.ENOENT, name + ": no module of that name is registered; use"
                        + " kminstall -a to add it");
            }
            SystemFile system = systemFor(module.master(), old);
            try {
                int id = loadedId.applyAsInt(name);
                if (id > 0 && old != null) {
                    keeper.keep(name, id, files.image(name));
                }
                files.write((tunables == null ? "kminstall -u " : "kmupdate -M ") + name + " from " + source,
                        module, system, tunables == null ? RegisteredTunables.planned(module.master(), system)
                                : tunables, origin == null ? null : new ImageOrigins.Source(origin,
                                        source.toString()));
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, name + ": cannot update from " + jar + ": " + e.getMessage(), e);
            }
            Registered r = changed(name);
            log.log("kminstall", "updated " + name + " from " + source
                    + (loadedId.applyAsInt(name) > 0 ? " (the loaded module keeps its image until it is reloaded)" : ""));
            return entry(r);
        }
    }

    /**
     * @param old the module as registered; null for an unusable one
     * @return the system file a module keeps across {@code kminstall -u}: its own, with the defaults' {@code $LOADABLE}
     *         section if the new master file adds or drops one. An unusable module keeps its system file only if that
     *         reads and fits the new master file, and gets the defaults otherwise
     * @throws KernelException {@code EINVAL} if a usable module's tunables do not fit the new master file
     */
    private SystemFile systemFor(MasterFile master, Registered old) throws KernelException {
        SystemFile defaults = SystemFile.defaultsFor(master);
        Optional<SystemFile> kept = old != null ? Optional.of(old.system()) : readableSystemFile(master.name());
        if (kept.isEmpty()) {
            return defaults;
        }
        SystemFile system = kept.get();
        if (system.loadable().isPresent() != master.loadable()) {
            system = defaults.withConfigure(system.configure());
        }
        try {
            system.validateAgainst(master);
        } catch (KernelException e) {
            if (old != null) {
                throw e;
            }
            return defaults;
        }
        return system;
    }

    /** @return the system file of an unusable module, if it is readable */
    private Optional<SystemFile> readableSystemFile(String name) {
        try {
            return Optional.of(SystemFile.read(files.system(name), name));
        } catch (KernelException | IOException e) {
            return Optional.empty();
        }
    }

    /** Reads a module whose files were just written, and takes it into the catalog. */
    private Registered changed(String name) throws KernelException {
        Registered r = files.read(name);
        modules.put(name, r);
        dropDerived();
        indexServices();
        unusable.remove(name);
        reindex();
        return r;
    }

    @Override
    public void remove(String name) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            if (!modules.containsKey(name) && !unusable.containsKey(name)) {
                throw new KernelException(Errno.ENOENT, name + ": no module of that name is registered");
            }
            int id = loadedId.applyAsInt(name);
            if (id > 0) {
                throw new KernelException(Errno.EBUSY, name + ": the module is loaded (ID " + id
                        + "); unload it first with kmadmin -U " + name);
            }
            try {
                files.delete("kminstall -d " + name, name);
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, name + ": cannot delete its files: " + e.getMessage(), e);
            }
            modules.remove(name);
            dropDerived();
            indexServices();
            unusable.remove(name);
            reindex();
            log.log("kminstall", "deleted " + name);
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
            UnusableModule broken = unusable.get(name);
            if (broken != null) {
                throw broken.refusal();
            }
            throw new KernelException(Errno.ENOENT, name + ": no module of that name is registered (kminstall -a"
                    + " adds one)");
        }
        return r;
    }

    private CatalogEntry store(Registered r, SystemFile system) throws KernelException {
        try {
            files.writeSystem(r.name(), system);
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, r.name() + ": cannot write its system file: " + e.getMessage(), e);
        }
        Registered updated = new Registered(r.image(), r.master(), system, r.staticTunables());
        modules.put(r.name(), updated);
        dropDerived();
        indexServices();
        return entry(updated);
    }
}
