package org.dlkm.kernel.runtime.internal.deploy;

import java.nio.file.Path;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.RegisteredImage.Origin;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;

/**
 * What hot deployment asks of the module catalog: the registrations of {@code kminstall}, recording hot deployment
 * as the images' origin, and removals that wait for a loaded module to unload.
 *
 * <p>Threading: as the catalog's, every method takes the kernel's transition lock.
 */
public interface DeploymentCatalog {
    /** @return the registered module, if it is registered and usable */
    Optional<CatalogEntry> entry(String name);

    /** @return whether files of a module of that name are registered, usable or not */
    boolean registered(String name);

    /** {@code kminstall -a} of a hot-deployed jar. */
    CatalogEntry install(Path jar) throws KernelException;

    /** {@code kminstall -u} of a hot-deployed jar; ends a removal waiting for the module's unload. */
    CatalogEntry update(Path jar) throws KernelException;

    /**
     * {@code kminstall -d}, at once if the module is not loaded, else the moment it unloads.
     *
     * @return whether it was withdrawn now
     */
    boolean removeWhenUnloaded(String name, String why) throws KernelException;

    /** The module's jar is back with the registered image: its removal no longer waits. */
    void cancelRemoval(String name) throws KernelException;

    /** @return the running kernel's catalog, as hot deployment uses it */
    static DeploymentCatalog of(ModuleCatalogImpl catalog) {
        return new DeploymentCatalog() {
            @Override
            public Optional<CatalogEntry> entry(String name) {
                return catalog.entry(name);
            }

            @Override
            public boolean registered(String name) {
                return catalog.entry(name).isPresent() || catalog.unusable(name).isPresent();
            }

            @Override
            public CatalogEntry install(Path jar) throws KernelException {
                return catalog.install(jar, Origin.HOT_DEPLOYMENT);
            }

            @Override
            public CatalogEntry update(Path jar) throws KernelException {
                return catalog.update(jar, Origin.HOT_DEPLOYMENT);
            }

            @Override
            public boolean removeWhenUnloaded(String name, String why) throws KernelException {
                return catalog.pendingRemovals().removeWhenUnloaded(name, why);
            }

            @Override
            public void cancelRemoval(String name) throws KernelException {
                catalog.pendingRemovals().cancel(name);
            }
        };
    }
}
