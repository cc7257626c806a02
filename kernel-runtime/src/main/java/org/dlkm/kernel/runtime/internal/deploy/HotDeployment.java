package org.dlkm.kernel.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.FileDigest;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;

/**
 * Hot deployment of module jars: what Apache Felix FileInstall reports of the module directory
 * ({@code /usr/lib/vmware/vmkmod}, the home's {@code vmkmod}), done as the administration commands do it. A new jar
 * is registered as {@code kminstall -a} registers it; a changed jar of a registered module is registered as
 * {@code kminstall -u} does and, if the module is loaded, reloaded on it as {@code config -M} then {@code kmupdate -M}
 * do (at once if it can be unloaded, else at the next shutdown); a deleted jar's module is withdrawn as
 * {@code kminstall -d} does, if it is not loaded. A jar whose image is the registered one changes nothing, so a
 * restart of the kernel (FileInstall reports every file as new then) reinstalls and reloads nothing.
 *
 * <p>Only whole, valid modules are installed: FileInstall hands a file over only once it is the same on two
 * consecutive scans, and the jar is read as a module ({@link ModuleJar#read}: a zip, a master file, a wrapper)
 * before anything is done; a file that is not is refused once, with the file and the reason on the console and in
 * {@code /proc/vmware/log}, and again only when it changes. A jar whose module has another name than the one it
 * was deployed as is refused the same way.
 *
 * <p>Threading: FileInstall calls on its own thread, one file at a time; this class may wait for the kernel's
 * transition lock there, as any administration command does.
 */
public final class HotDeployment {
    /** How long an event waits for the kernel's boot. */
    private static final long BOOT_WAIT_SECONDS = 300;

    private final Path directory;
    private final ModuleCatalog catalog;
    private final ModuleImages images;
    private final KernelLog log;
    /** The module each deployed file was registered as, by file name. */
    private final Map<String, String> deployed = new ConcurrentHashMap<>();
    /** The refused files, each with the content digest that was refused, so that it is refused only once. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    /** Opened when the kernel has booted: FileInstall's first scan may come before the catalog is read. */
    private final CountDownLatch booted = new CountDownLatch(1);

    public HotDeployment(Path directory, ModuleCatalog catalog, ModuleImages images, KernelLog log) {
        this.directory = directory.toAbsolutePath().normalize();
        this.catalog = catalog;
        this.images = images;
        this.log = log;
    }

    /** @return whether the file is a module jar of the module directory: every such file is the kernel's */
    public boolean handles(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return directory.equals(f.getParent()) && f.getFileName().toString().endsWith(".jar");
    }

    /** The kernel has booted: the events FileInstall reported meanwhile go on. */
    public void booted() {
        booted.countDown();
    }

    /** @return whether the kernel booted in time; the events of a kernel that does not are dropped, as it stops */
    private boolean awaitBoot() {
        try {
            return booted.await(BOOT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A jar appeared in the module directory, or changed. */
    public void arrived(Path file) {
        if (!awaitBoot()) {
            return;
        }
        String name = file.getFileName().toString();
        String digest;
        try {
            digest = FileDigest.sha256(file);
        } catch (IOException e) {
            refuse(file, "", "cannot read it: " + e.getMessage());
            return;
        }
        if (digest.equals(refused.get(name))) {
            return; // refused once already, and unchanged
        }
        ModuleJar jar;
        try {
            jar = ModuleJar.read(file);
        } catch (KernelException e) {
            refuse(file, digest, e.getMessage() + " (" + Errno.nameOf(e.number()) + ")");
            return;
        }
        refused.remove(name);
        String module = jar.name();
        String before = deployed.get(name);
        if (before != null && !before.equals(module)) {
            refuse(file, digest, "it holds module " + module + ", but it was deployed as module " + before
                    + "; a module's jar keeps its module's name (delete it, then copy the new module under a name"
                    + " of its own)");
            return;
        }
        try {
            Optional<CatalogEntry> registered = catalog.entry(module);
            if (registered.isEmpty()) {
                catalog.install(file);
                deployed.put(name, module);
                log.log("deploy", file + ": registered module " + module + " (as kminstall -a)");
            } else if (!digest.equals(FileDigest.sha256(Path.of(registered.get().imagePath())))) {
                update(file, module, registered.get());
                deployed.put(name, module);
            } else {
                deployed.put(name, module);
            }
        } catch (KernelException e) {
            refuse(file, digest, e.getMessage() + " (" + Errno.nameOf(e.number()) + ")");
        } catch (IOException e) {
            refuse(file, digest, "cannot read the registered image of " + module + ": " + e.getMessage());
        }
    }

    private void update(Path file, String module, CatalogEntry registered) throws KernelException {
        catalog.update(file);
        if (!registered.loaded()) {
            log.log("deploy", file + ": registered the new image of module " + module + " (as kminstall -u)");
            return;
        }
        images.configure(module);
        ModuleImages.Update done = images.update(module, ModuleImages.When.NOW_OR_AT_SHUTDOWN);
        log.log("deploy", file + ": registered the new image of loaded module " + module + " (as kminstall -u); "
                + done.message());
    }

    /** A jar was deleted from the module directory. */
    public void left(Path file) {
        if (!awaitBoot()) {
            return;
        }
        String name = file.getFileName().toString();
        refused.remove(name);
        String module = deployed.remove(name);
        if (module == null) {
            return;
        }
        Optional<CatalogEntry> registered = catalog.entry(module);
        if (registered.isEmpty()) {
            return;
        }
        if (registered.get().loaded()) {
            log.log("deploy", file + " was deleted: module " + module + " is loaded, so it stays registered; unload it,"
                    + " then kminstall -d " + module + " withdraws it");
            return;
        }
        try {
            catalog.remove(module);
            log.log("deploy", file + " was deleted: withdrew module " + module + " (as kminstall -d)");
        } catch (KernelException e) {
            log.log("deploy", file + " was deleted, but module " + module + " could not be withdrawn: " + e.getMessage()
                    + " (" + Errno.nameOf(e.number()) + ")");
        }
    }

    private void refuse(Path file, String digest, String why) {
        refused.put(file.getFileName().toString(), digest);
        String line = file + ": not deployed: " + why;
        log.log("deploy", line);
        System.err.println("deploy: " + line);
    }
}
