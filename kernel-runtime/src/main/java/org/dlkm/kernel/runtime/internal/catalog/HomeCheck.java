package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.UnusableModule;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.runtime.internal.catalog.CatalogFiles.UnusableFileException;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl.Registered;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.MasterFileParser;

/**
 * The boot-time check of the kernel home, its fsck: run at every boot, before the catalog is read and before any
 * module is loaded. In order, it
 * <ol>
 * <li>completes a catalog change a crash interrupted after its commit, from the {@link CatalogJournal}; a change
 * interrupted before its commit did not happen, and its staged files are removed in the next step;</li>
 * <li>removes the leftovers of interrupted writes: temporary files ({@link AtomicFiles#isTemporary}) and staged
 * files no pending journal names, in the catalog's directories, the journal's and the module directory;</li>
 * <li>registers the shipped modules at a first boot, or completes a first boot that was interrupted
 * ({@link FirstBoot});</li>
 * <li>checks every module that has a file in the catalog: its image, master file and system file must be there and
 * agree. What it can rebuild from a good copy it repairs: a missing image from the module directory when that holds
 * the same module (the same master file), a missing master file from the image, a missing system file with the
 * defaults. A file it cannot repair is named with the reason and left alone, never deleted: its module is
 * {@linkplain UnusableModule unusable} until an administrator repairs it, replaces the module
 * ({@code kminstall -u}) or deletes it ({@code kminstall -d}).</li>
 * </ol>
 * Each thing it does or finds is one line of its report, which the kernel prints on the console ({@code kminit:}
 * lines) and in {@code /proc/vmware/log}; a boot with nothing to do reports nothing.
 *
 * <p>Threading: one check per boot, with the kernel's transition lock held. Not thread-safe.
 */
final class HomeCheck {

    /**
     * What the check leaves for the catalog.
     *
     * @param registered the usable modules, by name
     * @param unusable the modules whose files it could not repair, by name
     * @param report what it did and found, one line each, in order
     */
    record Result(Map<String, Registered> registered, Map<String, UnusableModule> unusable, List<String> report) {
    }

    private final CatalogFiles files;
    private final KernelHomeLayout home;
    private final Path shipped;
    private final List<String> report = new ArrayList<>();

    /**
     * @param files the catalog's files
     * @param home the kernel home
     * @param shipped the module directory whose jars are the shipped modules (the home's {@code vmkmod} unless the
     *        framework property {@code dlkm.modules} names another)
     */
    HomeCheck(CatalogFiles files, KernelHomeLayout home, Path shipped) {
        this.files = files;
        this.home = home;
        this.shipped = shipped;
    }

    Result run() {
        CatalogJournal.Recovery recovery = files.journal().recover();
        files.origins().forgetAll();
        report.addAll(recovery.done());
        report.addAll(recovery.problems());
        removeLeftovers(!files.journal().pending());
        report.addAll(new FirstBoot(files, home.firstBootRecord(), shipped).run());
        Map<String, Registered> registered = new LinkedHashMap<>();
        Map<String, UnusableModule> unusable = new LinkedHashMap<>();
        for (String name : files.names()) {
            repair(name);
            try {
                registered.put(name, files.read(name));
            } catch (UnusableFileException e) {
                UnusableModule u = new UnusableModule(name, e.file().toString(), e.getMessage(), e.errno());
                unusable.put(name, u);
                report.add(u.refusal().getMessage());
            }
        }
        return new Result(registered, unusable, List.copyOf(report));
    }

    /**
     * Removes temporary files from every directory the kernel writes (the catalog's, and {@code stand/} and
     * {@code stand/build/} for the kernel system files {@code kmtune} writes), and staged files unless a journal is
     * still pending (then they may be the only copy of a change it committed).
     */
    private void removeLeftovers(boolean staged) {
        Set<Path> dirs = new LinkedHashSet<>(List.of(files.images(), files.masters(), files.systems(),
                files.journal().file().getParent(), home.moduleDirectory(), home.root().resolve("stand"),
                home.root().resolve("stand/build")));
        for (Path dir : dirs) {
            for (Path file : CatalogFiles.allFiles(dir)) {
                if (AtomicFiles.isTemporary(file)) {
                    remove(file, "a temporary file left by a write that was interrupted");
                } else if (staged && CatalogJournal.isStaged(file)) {
                    remove(file, "staged by a catalog change that was interrupted before it was committed, so the"
                            + " change did not happen");
                }
            }
        }
    }

    private void remove(Path file, String why) {
        try {
            long size = Files.size(file);
            AtomicFiles.delete(file);
            report.add("removed " + file + " (" + size + " bytes), " + why);
        } catch (IOException e) {
            report.add("cannot remove " + file + ", " + why + ": " + e.getMessage());
        }
    }

    /** Rebuilds a module's missing files from good copies: the image from the module directory, the others from it. */
    private void repair(String name) {
        Path image = files.image(name);
        Path master = files.master(name);
        Path system = files.system(name);
        if (!Files.exists(image)) {
            restoreImage(name, image, master);
        }
        if (Files.exists(master) && Files.exists(system)) {
            return;
        }
        Optional<ModuleJar> jar = readJar(image, name);
        if (jar.isEmpty()) {
            return;
        }
        try {
            if (!Files.exists(master)) {
                AtomicFiles.write(master, jar.get().masterText());
                report.add(name + ": restored its missing master file " + master + " from its image " + image);
            }
            if (!Files.exists(system)) {
                Optional<MasterFile> m = masterFile(jar.get(), master);
                if (m.isPresent()) {
                    SystemFile defaults = SystemFile.defaultsFor(m.get());
                    defaults.write(system);
                    report.add(name + ": wrote a default system file " + system + " in place of the missing one"
                            + " ($CONFIGURE " + defaults.configureFlag() + ", $LOADABLE " + defaults.loadableFlag()
                            + ")");
                }
            }
        } catch (IOException e) {
            report.add(name + ": cannot repair its files: " + e.getMessage());
        }
    }

    /**
     * Restores a missing image from the module directory when that holds the same module with the same master file
     * as the one registered (or there is no master file): the shipped module, registered again.
     */
    private void restoreImage(String name, Path image, Path master) {
        Path candidate = shipped.resolve(name + ".jar");
        Optional<ModuleJar> jar = readJar(candidate, name);
        if (jar.isEmpty()) {
            return;
        }
        try {
            if (Files.exists(master) && !Files.readString(master, StandardCharsets.UTF_8).equals(jar.get().masterText())) {
                return;
            }
            AtomicFiles.copy(candidate, image);
            report.add(name + ": re-registered its missing image " + image + " from the module directory ("
                    + candidate + ")");
        } catch (IOException e) {
            report.add(name + ": cannot restore its missing image " + image + " from " + candidate + ": "
                    + e.getMessage());
        }
    }

    /** @return the module jar at a path if it is module {@code name}; empty otherwise (the read reports why) */
    private static Optional<ModuleJar> readJar(Path jar, String name) {
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try {
            ModuleJar module = ModuleJar.read(jar);
            return module.name().equals(name) ? Optional.of(module) : Optional.empty();
        } catch (KernelException e) {
            return Optional.empty();
        }
    }

    /** @return the master file the system file has to fit, if it can be read */
    private static Optional<MasterFile> masterFile(ModuleJar jar, Path master) {
        try {
            String text = MasterFileParser.text(master.toString(), Files.readAllBytes(master));
            return Optional.of(text.equals(jar.masterText()) ? jar.master()
                    : MasterFileParser.parse(master.toString(), text));
        } catch (IOException | KernelException e) {
            return Optional.empty();
        }
    }
}
