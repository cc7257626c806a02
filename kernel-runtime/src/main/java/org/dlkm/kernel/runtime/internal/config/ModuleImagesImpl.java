package org.dlkm.kernel.runtime.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.catalog.UnusableModule;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.busy.BusyRules;
import org.dlkm.kernel.runtime.internal.catalog.JarReader;
import org.dlkm.kernel.runtime.internal.catalog.ModuleDirectory;
import org.dlkm.kernel.runtime.internal.loader.ModuleLoader;
import org.dlkm.kernel.runtime.internal.loader.ModuleUnloader;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.catalog.FileDigest;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl.Registered;
import org.dlkm.kernel.runtime.internal.catalog.RegisteredTunables;
import org.dlkm.kernel.runtime.internal.loader.Requests;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;

/**
 * {@code config -M} and {@code kmupdate -M}: a registered module's image configured for the running kernel into
 * {@code stand/build/mod.d/<name>.jar}, then moved into place (registered in the catalog, as {@code kminstall -u}
 * registers an image) at once, with the loaded module reloaded on it, or at the next shutdown.
 *
 * <p>Threading: every method takes the transition lock, through a request or the catalog's own.
 */
public final class ModuleImagesImpl implements ModuleImages {

    private final ModuleCatalogImpl catalog;
    private final KernelService kernel;
    private final ModuleTable table;
    private final Requests requests;
    private final ImageReload reload;
    private final ConfiguredImages images;
    private final KernelLog log;
    private final Function<String, Map<String, Long>> runningTunables;

    /**
     * @param home the kernel home, whose {@code stand/build/mod.d} holds the configured images
     * @param directory where loads find module binaries: the registered images first
     */
    public static ModuleImagesImpl create(KernelHomeLayout home, ModuleCatalogImpl catalog, KernelService kernel,
            ModuleTable table, Requests requests, BusyRules busy, ModuleUnloader unloader, ModuleLoader loader,
            JarReader jars, ModuleDirectory directory, Function<String, Map<String, Long>> runningTunables,
            KernelLog log) {
        ConfiguredImages images = new ConfiguredImages(home.root().resolve("stand/build/mod.d"));
        catalog.setLoadedImageKeeper(images::keepLoaded);
        return new ModuleImagesImpl(catalog, kernel, table, requests,
                new ImageReload(busy, unloader, loader, jars, directory), images, runningTunables, log);
    }

    /** @param runningTunables the static tunables' values a loaded module runs with, by name as declared */
    ModuleImagesImpl(ModuleCatalogImpl catalog, KernelService kernel, ModuleTable table, Requests requests,
            ImageReload reload, ConfiguredImages images, Function<String, Map<String, Long>> runningTunables,
            KernelLog log) {
        this.runningTunables = runningTunables;
        this.catalog = catalog;
        this.kernel = kernel;
        this.table = table;
        this.requests = requests;
        this.reload = reload;
        this.images = images;
        this.log = log;
    }

    @Override
    public String configure(String name) throws KernelException {
        return requests.run(() -> {
            CatalogEntry entry = registered(name);
            if (!entry.configure()) {
                throw new KernelException(Errno.EPERM, name + ": not configured ($CONFIGURE N in its system file);"
                        + " configure it first with kmsystem -c Y " + name);
            }
            if (entry.staticallyConfigured()) {
                throw new KernelException(Errno.EPERM, name + ": configured statically ($LOADABLE N in its system"
                        + " file); config -M builds loadable images: make it loadable with kmsystem -l Y " + name
                        + ", or build it into a kernel with config and a system file");
            }
            if (table.byName(name).isEmpty()) {
                kernel.plan(name);
            } else {
                for (String dependency : entry.dependencies()) {
                    if (catalog.entry(dependency).isEmpty() && table.byName(dependency).isEmpty()) {
                        throw new KernelException(Errno.ENOENT, name + ": depends on " + dependency + ", which is"
                                + " neither registered nor loaded ($DRIVER_DEPENDENCY in its master file)");
                    }
                }
            }
            Path image = Path.of(entry.imagePath());
            Path configured = images.image(name);
            Registered r = catalog.registered(name).orElseThrow();
            Map<String, Long> values = RegisteredTunables.planned(r.master(), r.system());
            try {
                AtomicFiles.copy(image, configured);
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, name + ": cannot write the configured image " + configured + ": "
                        + e.getMessage(), e);
            }
            String sum = sha256(configured, name);
            if (!values.isEmpty()) {
                // after the image, naming it by its SHA-256: a kill between the two leaves values that name another
                // image (or none), which kmupdate -M refuses, never a pair that mixes two configurations
                try {
                    new RegisteredTunables(sum, values).write(images.tunables(name), name);
                } catch (IOException e) {
                    throw new KernelException(Errno.EIO, name + ": cannot write the values of its static tunables "
                            + images.tunables(name) + ": " + e.getMessage(), e);
                }
            }
            log.log("config", "configured " + name + " as " + configured + " (sha256 " + sum + ")"
                    + (values.isEmpty() ? "" : " with " + describe(values)));
            return "Module " + name + " configured for the running kernel: image " + configured + " (sha256 "
                    + sum.substring(0, 16) + "...)" + (values.isEmpty() ? "" : ", static tunables " + describe(values))
                    + "; kmupdate -M " + name + " moves it into place";
        });
    }

    /** What an update did, or why the new image failed after the old one was loaded again. */
    private record Done(Update update, KernelException failure) {
        Done(Update update) {
            this(update, null);
        }
    }

    @Override
    public Update update(String name, When when) throws KernelException {
        Done done = requests.run(() -> {
            registered(name);
            Path configured = images.image(name);
            if (!Files.isRegularFile(configured)) {
                throw new KernelException(Errno.ENOENT, name + ": no configured image (" + configured
                        + "); config -M " + name + " configures one");
            }
            configuredTunables(name);
            Optional<LoadedModule> loaded = table.byName(name);
            if (when == When.AT_SHUTDOWN) {
                return new Done(atShutdown(name, false, "as asked"));
            }
            if (loaded.isEmpty()) {
                register(name);
                return new Done(new Update(name, false, "Module " + name + " updated: its configured image is"
                        + " registered; it loads from it from now on"));
            }
            try {
                reload.beginUnload(loaded.get());
            } catch (KernelException busy) {
                if (when == When.NOW) {
                    throw new KernelException(busy.number(), busy.getMessage() + "; kmupdate -M " + name
                            + " -a updates it at the next shutdown", busy);
                }
                return new Done(atShutdown(name, true, "it cannot be unloaded now: " + busy.getMessage()));
            }
            images.unpend(name); // moved into place by this reload, not again when it unloads
            Path kept = images.loaded(name, loaded.get().id);
            Path previous = Files.isRegularFile(kept) ? kept : images.previous(name);
            Map<String, Long> newValues = configuredTunables(name);
            Map<String, Long> oldValues = runningTunables.apply(name);
            ImageReload.Outcome outcome = reload.reload(loaded.get(), () -> {
                if (previous != kept) {
                    keepRegistered(name, previous);
                }
                catalog.update(images.image(name), newValues);
            }, () -> catalog.update(previous, oldValues));
            images.forgetPrevious(name);
            if (outcome.failure() == null) {
                images.forget(name);
                log.log("kmupdate", "reloaded " + name + " on its new image (ID " + outcome.reloaded().id + ")");
                return new Done(new Update(name, false, "Module " + name + " updated and reloaded on its new image"
                        + " (ID " + outcome.reloaded().id + ", tag " + outcome.reloaded().tag + ")"));
            }
            String again = outcome.reloaded() == null ? "; the old image is registered again but did not load"
                    : "; the old image was registered and loaded again (ID " + outcome.reloaded().id + ")";
            log.log("kmupdate", name + ": the new image failed to load: " + outcome.failure().getMessage() + again);
            return new Done(null, new KernelException(outcome.failure().number(), name + ": the new image failed"
                    + " to load: " + outcome.failure().getMessage() + again, outcome.failure()));
        });
        if (done.failure() != null) {
            throw done.failure();
        }
        return done.update();
    }

    /** At boot: deletes the images a reload kept that a crash left behind. */
    public void boot() {
        try {
            images.clean();
        } catch (IOException e) {
            log.log("kmupdate", "cannot delete the images a crash left in stand/build/mod.d: " + e.getMessage());
        }
    }

    @Override
    public List<String> pending() {
        return images.pending();
    }

    @Override
    public Optional<String> pendingUpdate(String name) {
        return images.pendingOf(name).map(atUnload -> atUnload ? "the moment it unloads, or at the next shutdown"
                : "at the next shutdown");
    }

    /**
     * A module was unloaded: moves its configured image into place if it waited for that ({@code kmupdate -M} or a
     * hot replacement while it was busy). Called with the transition lock held, inside the unload's request.
     */
    public void unloaded(String name) {
        if (!images.pendingAtUnload(name)) {
            return;
        }
        try {
            if (catalog.entry(name).isEmpty()) {
                images.forget(name);
                log.log("kmupdate", name + ": its configured image was dropped: the module is no longer registered");
                return;
            }
            register(name);
            log.log("kmupdate", "moved the configured image of " + name + " into place at its unload");
        } catch (KernelException e) {
            log.log("kmupdate", name + ": the configured image was not moved into place at its unload: "
                    + e.getMessage() + "; it is tried again at the next shutdown");
        }
    }

    /**
     * At shutdown, after every module has unloaded: moves each pending configured image into place. An image that
     * can no longer be registered is said in the kernel log and stays configured.
     */
    public void applyPending() {
        for (String name : images.pending()) {
            try {
                if (catalog.entry(name).isEmpty()) {
                    images.forget(name);
                    log.log("kmupdate", name + ": its configured image was dropped at shutdown: the module is no"
                            + " longer registered");
                    continue;
                }
                register(name);
                log.log("kmupdate", "moved the configured image of " + name + " into place at shutdown");
            } catch (KernelException e) {
                log.log("kmupdate", name + ": the configured image was not moved into place at shutdown: "
                        + e.getMessage());
            }
        }
    }

    /** @param atUnload whether the image moves the moment the module unloads, if that comes before the shutdown */
    private Update atShutdown(String name, boolean atUnload, String why) throws KernelException {
        images.addPending(name, atUnload);
        String when = atUnload ? "the moment it unloads, or at the next shutdown" : "at the next shutdown";
        log.log("kmupdate", name + ": its configured image is moved into place " + when + " (" + why + ")");
        return new Update(name, true, "Module " + name + ": its configured image is moved into place " + when + " ("
                + why + ")");
    }

    /**
     * Registers the configured image with the values of its static tunables recorded with it, in one catalog
     * transaction, then forgets them.
     */
    private void register(String name) throws KernelException {
        catalog.update(images.image(name), configuredTunables(name));
        images.forget(name);
    }

    /**
     * @return the values of the static tunables {@code config -M} recorded with the configured image, by name as
     *     declared; none for a module that declares no static tunable
     * @throws KernelException {@code EINVAL} if they are missing, do not read, or belong to another image (a
     *     {@code config -M} was interrupted): {@code config -M} again
     */
    private Map<String, Long> configuredTunables(String name) throws KernelException {
        Registered r = catalog.registered(name).orElseThrow(() -> new KernelException(Errno.ENOENT, name
                + ": no such module registered"));
        if (!RegisteredTunables.declaresStatic(r.master())) {
            return Map.of();
        }
        Path file = images.tunables(name);
        String again = "; config -M " + name + " configures the image and its values again";
        Optional<RegisteredTunables> read;
        try {
            read = RegisteredTunables.read(file, r.master());
        } catch (KernelException e) {
            throw new KernelException(Errno.EINVAL, name + ": " + e.getMessage() + again, e);
        }
        if (read.isEmpty()) {
            throw new KernelException(Errno.EINVAL, name + ": " + file + " is missing: the values of its static"
                    + " tunables were not recorded with the configured image" + again);
        }
        String sha = sha256(images.image(name), name);
        if (!read.get().imageSha256().equals(sha)) {
            throw new KernelException(Errno.EINVAL, name + ": " + file + " records the static tunables of another"
                    + " configured image (sha256 " + read.get().imageSha256().substring(0, 16) + "..., the image has "
                    + sha.substring(0, 16) + "...)" + again);
        }
        return read.get().values();
    }

    private static String describe(Map<String, Long> values) {
        return String.join(", ", values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** Keeps the registered image, which the loaded module runs, so that a failed reload can load it again. */
    private void keepRegistered(String name, Path previous) throws KernelException {
        try {
            AtomicFiles.copy(Path.of(registered(name).imagePath()), previous);
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, name + ": cannot keep its current image before the update: "
                    + e.getMessage(), e);
        }
    }

    private CatalogEntry registered(String name) throws KernelException {
        Optional<UnusableModule> broken = catalog.unusable(name);
        if (broken.isPresent()) {
            throw broken.get().refusal();
        }
        return catalog.entry(name).orElseThrow(() -> new KernelException(Errno.ENOENT, name
                + ": no such module registered (registered: " + String.join(", ", catalog.entries().stream()
                        .map(CatalogEntry::name).toList()) + "); kminstall -a adds one"));
    }

    static String sha256(Path file, String name) throws KernelException {
        try {
            return FileDigest.sha256(file);
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, name + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
