package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;

/**
 * Removals that wait for a module to unload: a loaded module cannot be withdrawn ({@code kminstall -d} refuses with
 * {@code EBUSY}), so when the jar hot deployment registered it from is deleted, its removal is recorded
 * ({@code stand/dlkm/mod.d/NAME.removal}, see {@link ImageOrigins}) and done the moment the module unloads, or, if it
 * is still loaded then, at the next shutdown; a boot does what a crash left. A new image registered for the module
 * (its jar copied back, {@code kminstall -u}) ends the wait.
 *
 * <p>Threading: every method takes the kernel's transition lock; {@link #unloaded} is called with it held, right after
 * the module is withdrawn, so that no load can come between the unload and the removal.
 */
public final class PendingRemovals {
    private final ModuleCatalogImpl catalog;
    private final ImageOrigins origins;
    private final TransitionLock lock;
    private final ToIntFunction<String> loadedId;
    private final KernelLog log;

    PendingRemovals(ModuleCatalogImpl catalog, ImageOrigins origins, TransitionLock lock,
            ToIntFunction<String> loadedId, KernelLog log) {
        this.catalog = catalog;
        this.origins = origins;
        this.lock = lock;
        this.loadedId = loadedId;
        this.log = log;
    }

    /**
     * Withdraws a registered module as {@code kminstall -d} does if it is not loaded, else the moment it unloads.
     *
     * @param why what {@code kmadmin -Q} and the log say of the wait ({@code <home>/vmkmod/e100.jar was deleted})
     * @return whether the module was withdrawn now
     * @throws KernelException why it could not be withdrawn, or its removal recorded
     */
    public boolean removeWhenUnloaded(String name, String why) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            int id = loadedId.applyAsInt(name);
            if (id <= 0) {
                catalog.remove(name);
                return true;
            }
            try {
                origins.setPendingRemoval(name, why);
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, name + ": cannot record that it is withdrawn when it unloads: "
                        + e.getMessage(), e);
            }
            log.log("kminstall", name + " is withdrawn the moment it unloads (it is loaded, ID " + id + "): " + why);
            return false;
        }
    }

    /** @return why the module's removal waits for its unload, if it does */
    public Optional<String> pending(String name) {
        try (TransitionLock.Held held = lock.enter()) {
            return origins.pendingRemoval(name);
        }
    }

    /** Ends a wait without a removal: the module's jar is back, with the registered image. */
    public void cancel(String name) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            if (origins.pendingRemoval(name).isPresent()) {
                origins.clearPendingRemoval(name);
                log.log("kminstall", name + " is no longer withdrawn when it unloads: its jar is back");
            }
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, name + ": cannot cancel its removal: " + e.getMessage(), e);
        }
    }

    /** The module was unloaded: withdraws it if its removal waited for that. Called with the transition lock held. */
    public void unloaded(String name) {
        try (TransitionLock.Held held = lock.enter()) {
            Optional<String> why = origins.pendingRemoval(name);
            if (why.isPresent() && loadedId.applyAsInt(name) <= 0) {
                withdraw(name, why.get(), "at its unload");
            }
        }
    }

    /** Withdraws every module whose removal waits and that is not loaded: at boot, and at shutdown. */
    public void applyAll(String when) {
        try (TransitionLock.Held held = lock.enter()) {
            for (String name : waiting()) {
                Optional<String> why = origins.pendingRemoval(name);
                if (why.isPresent() && loadedId.applyAsInt(name) <= 0) {
                    withdraw(name, why.get(), when);
                }
            }
        }
    }

    private void withdraw(String name, String why, String when) {
        try {
            if (catalog.entry(name).isEmpty() && catalog.unusable(name).isEmpty()) {
                origins.clearPendingRemoval(name); // withdrawn meanwhile, or left by a crash after the removal
                return;
            }
            catalog.remove(name);
            log.log("kminstall", "withdrew " + name + " " + when + " (" + why + ")");
        } catch (KernelException | IOException e) {
            log.log("kminstall", name + ": its pending removal failed " + when + ": " + e.getMessage()
                    + "; it is tried again when it unloads, and at the next boot");
        }
    }

    /** @return the modules with a removal recorded, sorted */
    private List<String> waiting() {
        List<String> names = new ArrayList<>();
        Path dir = origins.directory();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ImageOrigins.REMOVAL_SUFFIX)) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                if (!file.startsWith(".")) {
                    names.add(file.substring(0, file.length() - ImageOrigins.REMOVAL_SUFFIX.length()));
                }
            }
        } catch (IOException e) {
            log.log("kminstall", dir + ": cannot list the pending removals: " + e.getMessage());
        }
        names.sort(null);
        return names;
    }
}
