package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.RegisteredImage.Origin;

/**
 * The first boot's registration of the shipped modules: every jar of the module directory gets its image, master
 * file and system file in the catalog. A kernel home boots for the first time when it has no image directory
 * ({@code stand/dlkm/mod.d}) and no record of a first boot in progress.
 *
 * <p>So that a crash cannot leave some shipped modules registered for good and the others never, the first boot
 * first writes a record, {@code stand/dlkm/first-boot.pending}, naming the jars it is about to register, then
 * registers each (each one a journaled transaction of its own), then deletes the record. A boot that finds the record
 * completes the registration of the jars it names, and says so.
 *
 * <p>Threading: runs at boot with the kernel's transition lock held.
 */
final class FirstBoot {
    private final CatalogFiles files;
    private final Path record;
    private final Path shipped;

    /**
     * @param files the catalog's files
     * @param record the record of a first boot in progress
     * @param shipped the module directory, whose jars are the shipped modules
     */
    FirstBoot(CatalogFiles files, Path record, Path shipped) {
        this.files = files;
        this.record = record;
        this.shipped = shipped;
    }

    /**
     * Registers the shipped modules at a first boot, or completes a first boot a crash interrupted; does nothing on
     * any other boot.
     *
     * @return what it did, for the boot's report: nothing for a first boot that went well
     */
    List<String> run() {
        if (Files.exists(record)) {
            return complete();
        }
        if (Files.isDirectory(files.images())) {
            return List.of();
        }
        return begin();
    }

    private List<String> begin() {
        List<String> jars = new ArrayList<>();
        for (Path jar : CatalogFiles.visibleFiles(shipped)) {
            if (jar.getFileName().toString().endsWith(".jar")) {
                jars.add(jar.getFileName().toString());
            }
        }
        List<String> report = new ArrayList<>();
        try {
            AtomicFiles.write(record, jars.isEmpty() ? "" : String.join("\n", jars) + "\n");
            files.createDirectories();
        } catch (IOException e) {
            report.add("first boot: cannot create the catalog in " + files.images().getParent() + ": "
                    + e.getMessage());
            return report;
        }
        for (String jar : jars) {
            register(jar, false, report);
        }
        end(report);
        return report;
    }

    private List<String> complete() {
        List<String> report = new ArrayList<>();
        List<String> jars;
        try {
            files.createDirectories();
            jars = Files.readAllLines(record, StandardCharsets.UTF_8);
        } catch (IOException e) {
            report.add("cannot complete the first boot's registration of the shipped modules, which a crash"
                    + " interrupted: " + record + ": " + e.getMessage() + "; the record is left alone");
            return report;
        }
        List<String> registered = new ArrayList<>();
        for (String jar : jars) {
            if (!jar.isBlank()) {
                register(jar.strip(), true, report).ifPresent(registered::add);
            }
        }
        report.add(0, "completed the first boot's registration of the shipped modules, which a crash interrupted"
                + " (" + record + "): " + (registered.isEmpty() ? "none was left to register"
                        : "registered " + String.join(", ", registered) + " now"));
        end(report);
        return report;
    }

    /**
     * Registers one shipped jar.
     *
     * @param again whether this completes an interrupted first boot: then a module registered already is skipped
     * @return the module registered, if one was
     */
    private Optional<String> register(String jarName, boolean again, List<String> report) {
        Path jar = shipped.resolve(jarName);
        try {
            ModuleJar module = ModuleJar.read(jar);
            if (Files.exists(files.image(module.name()))) {
                if (!again) {
                    report.add("first boot: cannot register " + jarName + ": module " + module.name()
                            + " is registered already (" + files.image(module.name()) + ")");
                }
                return Optional.empty();
            }
            files.write("first boot: register " + module.name() + " from " + jar, module,
                    SystemFile.defaultsFor(module.master()), new ImageOrigins.Source(Origin.SHIPPED, jar.toString()));
            return Optional.of(module.name());
        } catch (KernelException | IOException e) {
            report.add("first boot: cannot register " + jarName + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private void end(List<String> report) {
        try {
            AtomicFiles.delete(record);
        } catch (IOException e) {
            report.add("first boot: cannot delete " + record + ": " + e.getMessage());
        }
    }
}
