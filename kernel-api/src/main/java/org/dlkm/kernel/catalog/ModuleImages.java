package org.dlkm.kernel.catalog;

import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * HP-UX's module image updates: {@code config -M name} configures a registered module's loadable image for the
 * running kernel (verified against it, and kept as the module's configured image until it is moved into place), and
 * {@code kmupdate -M name} moves the configured image into place and registers it with the kernel: at once,
 * reloading the module if it is loaded, or at the next shutdown.
 *
 * <p>Threading: every method may be called from any thread; changes are serialised with loads and unloads.
 *
 * @since 1.2
 */
@ProviderType
public interface ModuleImages {

    /** When {@link #update} moves a configured image into place: {@code kmupdate -M}'s {@code -i}, {@code -a}, neither. */
    enum When {
        /** At once ({@code -i}): a loaded module is reloaded on the new image, or the update is refused. */
        NOW,
        /** At the next shutdown of the kernel ({@code -a}). */
        AT_SHUTDOWN,
        /**
         * At once if the module can be unloaded, else the moment it unloads or at the next shutdown, whichever comes
         * first (neither option).
         */
        NOW_OR_AT_SHUTDOWN
    }

    /**
     * What an update did.
     *
     * @param module the module
     * @param pending whether the image is moved into place at the next shutdown, not now
     * @param message what the kernel did, as {@code kmupdate} prints it
     */
    record Update(String module, boolean pending, String message) {
    }

    /**
     * Configures a registered module's loadable image for the running kernel: reads it, checks it against the kernel
     * (its exports, and the modules and symbols it needs), and keeps it as the module's configured image.
     *
     * @return what was done, as {@code config -M} prints it
     * @throws KernelException {@code ENOENT} for a module not registered, {@code EPERM} for a statically configured
     *     or unconfigured module, the refusal of an image that does not fit the kernel
     */
    String configure(String name) throws KernelException;

    /**
     * Moves a module's configured image into place and registers it with the kernel.
     *
     * <p>An update of a loaded module that cannot be unloaded, without {@link When#NOW}, waits: the image moves into
     * place the moment the module unloads, or at the next shutdown.
     *
     * @throws KernelException {@code ENOENT} for a module never configured; for {@link When#NOW}, {@code EBUSY} if
     *     the loaded module cannot be unloaded, or the new image's failure to load, after which the old image is
     *     registered and loaded again as it was
     */
    Update update(String name, When when) throws KernelException;

    /** @return the modules whose configured images are moved into place at the next shutdown, sorted */
    List<String> pending();

    /**
     * @return when the module's pending configured image moves into place ({@code at the next shutdown}, or
     *     {@code the moment it unloads, or at the next shutdown} for an update deferred because the module was busy);
     *     empty if none is pending
     * @since 1.4
     */
    default Optional<String> pendingUpdate(String name) {
        return pending().contains(name) ? Optional.of("at the next shutdown") : Optional.empty();
    }
}
