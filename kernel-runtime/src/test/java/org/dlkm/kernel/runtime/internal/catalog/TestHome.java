package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.dlkm.kernel.home.KernelHomeLayout;

/**
 * A kernel home for the catalog's unit tests, built file by file, so that a test can lay out on disk exactly the state
 * a crash would leave: module jars (never loaded: their wrapper class need not exist), registered modules, staged
 * files, journals, temporary files. Not thread-safe.
 */
final class TestHome {
    final KernelHomeLayout layout;
    final CatalogFiles files;

    TestHome(Path root) {
        this.layout = KernelHomeLayout.of(root);
        this.files = new CatalogFiles(layout);
    }

    /** The master file of a module with no dependencies, after an optional first comment line. */
    static String master(String name, String comment, String... dependencies) {
        String deps = dependencies.length == 0 ? ""
                : "$DRIVER_DEPENDENCY\n" + name + " " + String.join(" ", dependencies) + "\n$$$\n";
        return (comment.isEmpty() ? "" : "* " + comment + "\n") + "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n"
                + "$$$\n$TYPE\n" + name + " misc\n$$$\n" + deps;
    }

    /** Writes a module jar carrying a master file; the comment tells versions of one module apart. */
    static Path jar(Path dir, String file, String name, String comment, String... dependencies) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-SymbolicName", "org.dlkm.test." + name);
        a.putValue("Bundle-Description", name + " " + comment);
        a.putValue(ModuleJar.MODULE_CLASS_HEADER, "org.dlkm.test." + name + ".Wrapper");
        Files.createDirectories(dir);
        Path jar = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry(ModuleJar.MASTER_ENTRY));
            j.write(master(name, comment, dependencies).getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }

    /** Writes a shipped module jar into the home's module directory. */
    Path shipped(String name, String comment) throws IOException {
        return jar(layout.moduleDirectory(), name + ".jar", name, comment);
    }

    /** Registers a module by hand, its three files as {@code kminstall -a} writes them. */
    void register(Path jar) throws Exception {
        ModuleJar module = ModuleJar.read(jar);
        files.createDirectories();
        Files.copy(jar, files.image(module.name()));
        Files.writeString(files.master(module.name()), module.masterText(), StandardCharsets.UTF_8);
        Files.writeString(files.system(module.name()), SystemFile.defaultsFor(module.master()).format(),
                StandardCharsets.UTF_8);
    }

    /** @return every file under the home, relative, sorted */
    List<String> allFiles() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(layout.root())) {
            walk.filter(Files::isRegularFile).forEach(p -> found.add(layout.root().relativize(p).toString()));
        }
        found.sort(null);
        return found;
    }

    /** @return the files under the home left by an interrupted write: temporary, staged, journal, first-boot record */
    List<String> leftovers() throws IOException {
        return allFiles().stream().filter(f -> {
            Path p = Path.of(f);
            return AtomicFiles.isTemporary(p) || CatalogJournal.isStaged(p) || f.endsWith(".journal")
                    || f.endsWith(".pending");
        }).toList();
    }

    /** @return a file's content as text */
    static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
