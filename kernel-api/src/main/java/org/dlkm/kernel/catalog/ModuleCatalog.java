package org.dlkm.kernel.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The modules registered with the kernel: {@code kminstall} and {@code kmsystem}. Each registered module has its
 * image in {@code stand/dlkm/mod.d/}, its master file in {@code usr/conf/master.d/} and its system file in
 * {@code stand/system.d/} of the kernel home; every write is crash-safe, and a change to several of a module's files
 * happens to all of them or to none, even if the kernel dies half way.
 *
 * <p>Threading: every method may be called from any thread; changes are serialised with the kernel's loads and
 * unloads.
 */
@ProviderType
public interface ModuleCatalog {

    /** @return every registered module, by name */
    List<CatalogEntry> entries();

    /** @return the registered module of that name */
    Optional<CatalogEntry> entry(String name);

    /**
     * The modules whose files the boot-time check found broken and could not repair: they are not among
     * {@link #entries()}, every command that needs one of them refuses, naming the file and why, and
     * {@link #remove(String) kminstall -d} and {@link #update(Path) kminstall -u} still work on them.
     *
     * @return the unusable modules, by name; none by default
     */
    default List<UnusableModule> unusable() {
        return List.of();
    }

    /** @return the unusable module of that name (see {@link #unusable()}) */
    default Optional<UnusableModule> unusable(String name) {
        return unusable().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /**
     * @return where the registered module's image came from, its checksum, and whether its removal is pending; empty
     *     for a module not registered (or unusable); empty by default
     * @since 1.4
     */
    default Optional<RegisteredImage> registeredImage(String name) {
        return Optional.empty();
    }

    /**
     * Registers a module: copies its image, master file and a default system file into the kernel home
     * ({@code kminstall -a}).
     *
     * @throws KernelException {@code EEXIST} if a module of that name is registered (or its files are there but
     *         unusable), {@code ENOEXEC} if the jar is not a module or its master file is malformed, {@code ENOENT}
     *         if there is no such file
     */
    CatalogEntry install(Path jar) throws KernelException;

    /**
     * Replaces a registered module's image and master file ({@code kminstall -u}); its system file is kept (a
     * default one replaces a system file that is unusable or does not fit the new master file). The three files
     * change together or not at all. A loaded module keeps running the old image until it is unloaded and loaded
     * again.
     *
     * @throws KernelException {@code ENOENT} if no module of that name is registered, usable or not
     */
    CatalogEntry update(Path jar) throws KernelException;

    /**
     * Deletes a registered module's image, master and system files ({@code kminstall -d}), together or not at all;
     * for an unusable module, whichever of them are there.
     *
     * @throws KernelException {@code EBUSY} while the module is loaded, {@code ENOENT} if it is not registered
     */
    void remove(String name) throws KernelException;

    /**
     * Sets the {@code $CONFIGURE} flag ({@code kmsystem -c}); it takes effect at the next boot.
     *
     * @throws KernelException {@code ENOENT} if the module is not registered
     */
    CatalogEntry setConfigure(String name, boolean configure) throws KernelException;

    /**
     * Sets the {@code $LOADABLE} flag ({@code kmsystem -l}); it takes effect at the next boot.
     *
     * @throws KernelException {@code EINVAL} if the module's master file has no {@code $LOADABLE} section,
     *         {@code ENOENT} if the module is not registered
     */
    CatalogEntry setLoadable(String name, boolean loadable) throws KernelException;
}
