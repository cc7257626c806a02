package org.dlkm.kernel.runtime.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.runtime.internal.busy.BusyRules;
import org.dlkm.kernel.runtime.internal.catalog.JarReader;
import org.dlkm.kernel.runtime.internal.catalog.ModuleDirectory;
import org.dlkm.kernel.runtime.internal.loader.ModuleLoader;
import org.dlkm.kernel.runtime.internal.loader.ModuleUnloader;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;

/**
 * Reloads a loaded module on the image now registered for it, as {@code kmupdate -M name -i} does: the module is
 * unloaded, its new image loaded with the same tag, parameters, export flag and shared devices. The caller holds the
 * transition lock for the whole, so no other request sees the module between its two loads.
 *
 * <p>Threading: called with the transition lock held.
 */
final class ImageReload {

    /** A step of a reload that changes the catalog: registering the new image, or the old one again. */
    @FunctionalInterface
    interface Step {
        void run() throws KernelException;
    }

    /**
     * How a reload ended.
     *
     * @param reloaded the module as loaded again, on the new image or, after a failure, on the old one; null if it
     *     could not be loaded again at all
     * @param failure why the new image did not load, or null
     */
    record Outcome(LoadedModule reloaded, KernelException failure) {
    }

    private final BusyRules busy;
    private final ModuleUnloader unloader;
    private final ModuleLoader loader;
    private final JarReader jars;
    private final ModuleDirectory directory;

    ImageReload(BusyRules busy, ModuleUnloader unloader, ModuleLoader loader, JarReader jars,
            ModuleDirectory directory) {
        this.busy = busy;
        this.unloader = unloader;
        this.loader = loader;
        this.jars = jars;
        this.directory = directory;
    }

    /**
     * Checks that the module can be unloaded now, and marks it unloading.
     *
     * @throws KernelException {@code EBUSY} naming the holders, {@code EPERM} for a static module
     */
    void beginUnload(LoadedModule module) throws KernelException {
        busy.beginUnload(module);
    }

    /**
     * Unloads a module marked unloading by {@link #beginUnload}, lets {@code register} put its new image in place,
     * and loads it again as it was loaded. If the new image fails to load, {@code restore} puts the old one back and
     * it is loaded again.
     *
     * @throws KernelException the module's refusal to unload (it stays loaded, on its old image, and nothing was
     *     registered), or {@code register}'s failure after the unload (the old image is loaded again)
     */
    Outcome reload(LoadedModule module, Step register, Step restore) throws KernelException {
        LoadRequest again = requestOf(module);
        String loadedBy = module.loadedBy;
        unloader.unload(module);
        try {
            register.run();
        } catch (KernelException e) {
            return new Outcome(loadQuietly(again, loadedBy), e);
        }
        try {
            return new Outcome(load(again, loadedBy), null);
        } catch (KernelException e) {
            try {
                restore.run();
            } catch (KernelException notRestored) {
                e.addSuppressed(notRestored);
                return new Outcome(null, e);
            }
            return new Outcome(loadQuietly(again, loadedBy), e);
        }
    }

    private LoadedModule loadQuietly(LoadRequest request, String loadedBy) {
        try {
            return load(request, loadedBy);
        } catch (KernelException e) {
            return null;
        }
    }

    /** Loads the module again, as loaded before: it keeps what it was loaded by. */
    private LoadedModule load(LoadRequest request, String loadedBy) throws KernelException {
        return loader.load(jars.read(directory.resolve(request.binary())), request, false, new ArrayList<>(),
                loadedBy);
    }

    /**
     * @return a request that loads the module as it is loaded now: its tag, export flag and shared devices, and the
     *     parameters given a value other than the image's default (the new image's defaults apply to the others)
     */
    static LoadRequest requestOf(LoadedModule module) {
        LoadRequest.Builder b = LoadRequest.builder(module.name()).tag(module.tag)
                .exportSymbols(module.exportSymbols);
        try {
            Map<String, String> resolvedDefaults = module.jar.parameters().resolve(Map.of());
            module.parameters.forEach((name, value) -> {
                if (!value.equals(resolvedDefaults.get(name))) {
                    b.parameter(name, value);
                }
            });
        } catch (KernelException e) {
            module.parameters.forEach(b::parameter);
        }
        List<PciAddress> shared = new ArrayList<>(module.sharedDevices);
        shared.forEach(a -> b.sharedDevice(a.toString()));
        return b.build();
    }
}
