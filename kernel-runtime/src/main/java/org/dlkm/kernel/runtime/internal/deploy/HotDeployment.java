package org.dlkm.kernel.runtime.internal.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.catalog.FileDigest;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;

/**
 * Hot deployment of module jars: what Apache Felix FileInstall reports of the module directory
 * ({@code /usr/lib/vmware/vmkmod}, the home's {@code vmkmod}), done as the administration commands do it. A new jar
 * is registered as {@code kminstall -a} registers it; a changed jar of a registered module is registered as
 * {@code kminstall -u} does and, if the module is loaded, reloaded on it as {@code config -M} then {@code kmupdate -M}
 * do (at once if it can be unloaded, else the moment it unloads, or at the next shutdown); a deleted jar's module is
 * withdrawn as {@code kminstall -d} does, at once if it is not loaded, else the moment it unloads, unless another
 * jar of the directory deploys the same module (a versioned file name copied in beside the old one, which it
 * updated). Every image
 * registered so records hot deployment as its origin ({@code kmadmin -Q}).
 *
 * <p>What was seen is kept in the home ({@code stand/dlkm/deployed}: each file's SHA-256 and the module it was
 * deployed as, written crash-safely), because FileInstall reports every file as new at each boot and never the files
 * deleted meanwhile: a file seen before with the same content changes nothing (so a restart reinstalls and reloads
 * nothing, and a shipped jar left in the directory after {@code kminstall -d} stays withdrawn), and a file seen
 * before but gone at boot is taken as deleted.
 *
 * <p>Only whole, valid modules are installed: FileInstall hands a file over only once it is the same on two
 * consecutive scans, a changed one is read once it has kept its content for a quiet time, and a file that does not
 * open as a zip yet is taken as still being copied, and refused only if it stays unchanged for a settle time
 * ({@link SettlingFiles}); the jar is read as a module ({@link ModuleJar#read}: a
 * master file, a wrapper) before anything is done; a file that is not is refused once, with the file and the reason on the console and in
 * {@code /proc/vmware/log}, and again only when it changes. A jar whose module has another name than the one it
 * was deployed as is refused the same way.
 *
 * <p>Threading: FileInstall calls on its own thread, one file at a time (the methods are synchronized against the
 * boot's check); they may wait for the kernel's transition lock, as any administration command does.
 */
public final class HotDeployment {
    /** How long an event waits for the kernel's boot. */
    private static final long BOOT_WAIT_SECONDS = 300;

    /** A file as last seen: its content and the module it was deployed as (empty if it was refused). */
    private record Seen(String sha256, String module) {
    }

    private final Path directory;
    private final Path record;
    private final DeploymentCatalog catalog;
    /** Files left alone until they stop changing ({@link SettlingFiles}). */
    private final SettlingFiles settling;
    /** How long a changed jar keeps its content before it is read. */
    private final long quietMillis;
    /** How long a file that does not open as a zip keeps its content before it is refused. */
    private final long settleMillis;
    private final ModuleImages images;
    private final KernelLog log;
    /** Each file of the directory as last seen, by file name; guarded by this object. */
    private final Map<String, Seen> seen = new TreeMap<>();
    /** Opened when the kernel has booted: FileInstall's first scan may come before the catalog is read. */
    private final CountDownLatch booted = new CountDownLatch(1);

    /**
     * @param record where what was seen is kept ({@code stand/dlkm/deployed})
     * @param quietMillis how long a jar copied over a deployed one keeps its content before it is read
     * @param settleMillis how long a file that does not open as a zip keeps its content before it is refused
     */
    public HotDeployment(Path directory, Path record, DeploymentCatalog catalog, ModuleImages images, KernelLog log,
            long quietMillis, long settleMillis) {
        this.settling = new SettlingFiles(this::arrived);
        this.quietMillis = quietMillis;
        this.settleMillis = settleMillis;
        this.directory = directory.toAbsolutePath().normalize();
        this.record = record;
        this.catalog = catalog;
        this.images = images;
        this.log = log;
    }

    /** @return whether the file is a module jar of the module directory: every such file is the kernel's */
    public boolean handles(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return directory.equals(f.getParent()) && f.getFileName().toString().endsWith(".jar");
    }

    /**
     * The kernel has booted: reads what was seen before, takes the files gone meanwhile as deleted, and lets the
     * events FileInstall reported meanwhile go on.
     */
    public void booted() {
        synchronized (this) {
            read();
            for (String name : seen.keySet().toArray(new String[0])) {
                if (!Files.exists(directory.resolve(name))) {
                    withdraw(directory.resolve(name), " while the kernel was down");
                }
            }
        }
        booted.countDown();
    }

    /** The kernel stops: files waiting to complete are no longer checked. */
    public void close() {
        settling.close();
    }

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
        if (awaitBoot()) {
            synchronized (this) {
                deploy(file);
            }
        }
    }

    /** A jar was deleted from the module directory. */
    public void left(Path file) {
        if (awaitBoot()) {
            synchronized (this) {
                withdraw(file, "");
            }
        }
    }

    private void deploy(Path file) {
        String name = file.getFileName().toString();
        String digest;
        try {
            digest = FileDigest.sha256(file);
        } catch (IOException e) {
            return; // gone again, or not readable yet: FileInstall reports it again when it changes
        }
        Seen before = seen.get(name);
        if (before != null && before.sha256().equals(digest)) {
            return; // seen with this content: deployed, refused, or withdrawn by an administrator since
        }
        if (before != null && settling.unsettled(file, digest, quietMillis)) {
            return; // copied over a deployed jar: FileInstall reported the first change it saw
        }
        if (!SettlingFiles.opens(file) && settling.unsettled(file, digest, settleMillis)) {
            return; // maybe still being copied
        }
        settling.forget(file); // settled: a recheck still due for an earlier content has nothing to do
        String module = "";
        try {
            module = ModuleJar.read(file).name();
            if (before != null && !before.module().isEmpty() && !before.module().equals(module)) {
                refuse(file, "it holds module " + module + ", but it was deployed as module " + before.module()
                        + "; a module's jar keeps its module's name (delete it, then copy the new module under a"
                        + " name of its own)");
                module = before.module();
            } else {
                register(file, module, digest);
            }
        } catch (KernelException e) {
            refuse(file, e.getMessage() + " (" + Errno.nameOf(e.number()) + ")");
        } catch (IOException e) {
            refuse(file, "cannot read the registered image of " + module + ": " + e.getMessage());
        }
        seen.put(name, new Seen(digest, module));
        write();
    }

    private void register(Path file, String module, String digest) throws KernelException, IOException {
        Optional<CatalogEntry> registered = catalog.entry(module);
        if (registered.isEmpty()) {
            catalog.install(file);
            log.log("deploy", file + ": registered module " + module + " (as kminstall -a)");
        } else if (digest.equals(FileDigest.sha256(Path.of(registered.get().imagePath())))) {
            catalog.cancelRemoval(module); // the jar of a loaded module is back, unchanged
        } else {
            catalog.update(file);
            if (!registered.get().loaded()) {
                log.log("deploy", file + ": registered the new image of module " + module + " (as kminstall -u)");
                return;
            }
            images.configure(module);
            ModuleImages.Update done = images.update(module, ModuleImages.When.NOW_OR_AT_SHUTDOWN);
            log.log("deploy", file + ": registered the new image of loaded module " + module + " (as kminstall -u); "
                    + done.message());
        }
    }

    private void withdraw(Path file, String when) {
        settling.forget(file);
        Seen was = seen.get(file.getFileName().toString());
        if (was == null) {
            return;
        }
        // the catalog first, then the record: a kill between the two withdraws the module again at the next boot
        String module = was.module();
        Optional<String> other = otherFileOf(module, file.getFileName().toString());
        if (other.isPresent()) {
            log.log("deploy", file + " was deleted" + when + ": module " + module + " stays registered: "
                    + directory.resolve(other.get()) + " deploys it too");
        } else if (!module.isEmpty() && catalog.registered(module)) {
            withdrawModule(file, module, when);
        }
        seen.remove(file.getFileName().toString());
        write();
    }

    /**
     * @return another file of the directory deployed as the module ({@code e100-2.0.jar} copied in beside
     *     {@code e100.jar}, which it updated): while one is there, deleting the other withdraws nothing
     */
    private Optional<String> otherFileOf(String module, String name) {
        if (module.isEmpty()) {
            return Optional.empty();
        }
        return seen.entrySet().stream().filter(e -> !e.getKey().equals(name) && e.getValue().module().equals(module)
                && Files.exists(directory.resolve(e.getKey()))).map(Map.Entry::getKey).findFirst();
    }

    private void withdrawModule(Path file, String module, String when) {
        try {
            if (catalog.removeWhenUnloaded(module, file + " was deleted" + when)) {
                log.log("deploy", file + " was deleted" + when + ": withdrew module " + module + " (as kminstall -d)");
            } else {
                log.log("deploy", file + " was deleted" + when + ": module " + module + " is loaded; it is withdrawn"
                        + " the moment it unloads (kmadmin -Q " + module + " says so meanwhile)");
            }
        } catch (KernelException e) {
            log.log("deploy", file + " was deleted" + when + ", but module " + module + " could not be withdrawn: "
                    + e.getMessage() + " (" + Errno.nameOf(e.number()) + ")");
        }
    }

    private void refuse(Path file, String why) {
        String line = file + ": not deployed: " + why;
        log.log("deploy", line);
        System.err.println("deploy: " + line);
    }

    /** Reads what was seen; a record that cannot be read is reported and started afresh. */
    private void read() {
        seen.clear();
        try {
            for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", 3);
                if (f.length == 3 && !line.startsWith("*")) {
                    seen.put(f[2], new Seen(f[0], f[1]));
                }
            }
        } catch (NoSuchFileException first) {
            // a home that never deployed: every file is new
        } catch (IOException e) {
            log.log("deploy", record + ": cannot read what was deployed: " + e.getMessage()
                    + "; every file of " + directory + " is taken as new");
        }
    }

    private void write() {
        StringBuilder text = new StringBuilder("* the jars hot deployment saw in " + directory
                + ": SHA-256, module (empty if refused), file\n");
        seen.forEach((name, s) -> text.append(s.sha256()).append('\t').append(s.module()).append('\t').append(name)
                .append('\n'));
        try {
            Files.createDirectories(record.getParent());
            AtomicFiles.write(record, text.toString());
        } catch (IOException e) {
            log.log("deploy", record + ": cannot record what was deployed: " + e.getMessage());
        }
    }
}
