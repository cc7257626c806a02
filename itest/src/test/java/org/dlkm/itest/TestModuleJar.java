package org.dlkm.itest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.spi.ModuleConstants;

/**
 * Builds a module jar on the fly from one package of the test classes: a manifest naming the wrapper, importing
 * the kernel API, and a master file. Used for modules that exist only to be tested: one that fails in its load,
 * one that vetoes its unload, one that requires another module's bundle. Also builds plain bundles with no code,
 * such as a fragment. A module jar built here does not require the kernel's extender capability, as a jar written
 * without bnd may not; the kernel loads it all the same.
 */
final class TestModuleJar {
    private TestModuleJar() {
    }

    /**
     * Copies a module jar under another module name: a second module with the same classes and exports.
     *
     * @param jar the module jar to copy
     * @param name the new module name, written into the copy's master file and symbolic name
     */
    static Path renamedCopy(Path jar, String name) throws IOException {
        return renamedCopy(jar, name, null);
    }

    /**
     * Copies a module jar under another module name with another master file.
     *
     * @param jar the module jar to copy
     * @param name the new module name, written into the copy's symbolic name
     * @param master the copy's whole master file, or null to rename the module in the original one
     */
    static Path renamedCopy(Path jar, String name, String master) throws IOException {
        Path copy = Files.createTempDirectory("dlkm-test-module").resolve(name + ".jar");
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", "org.dlkm.itest." + name);
            try (OutputStream file = Files.newOutputStream(copy); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (java.util.Enumeration<JarEntry> e = in.entries(); e.hasMoreElements();) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().equals("META-INF/MANIFEST.MF") || entry.isDirectory()) {
                        continue;
                    }
                    byte[] bytes = in.getInputStream(entry).readAllBytes();
                    if (entry.getName().equals(ModuleConstants.MASTER_ENTRY) && master != null) {
                        bytes = master.getBytes(StandardCharsets.UTF_8);
                    } else if (entry.getName().equals(ModuleConstants.MASTER_ENTRY)) {
                        String text = new String(bytes, StandardCharsets.UTF_8);
                        String original = text.lines().filter(l -> l.matches("\\w+\\s+(misc|wsio_\\w+|streams_\\w+).*"))
                                .findFirst().orElseThrow().split("\\s+")[0];
                        bytes = text.replace(original + " ", name + " ").getBytes(StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    /**
     * @param name the module name (its master file's $TYPE)
     * @param wrapper the wrapper class; every class of its package goes into the jar
     * @param type the master file module type
     * @return the jar, in a new temporary directory
     */
    static Path build(String name, Class<?> wrapper, String type) throws IOException {
        return build(name, wrapper, type, Map.of());
    }

    /**
     * @param name the module name (its master file's $TYPE)
     * @param wrapper the wrapper class; every class of its package goes into the jar
     * @param type the master file module type
     * @param headers manifest headers added to the module's own, such as {@code Require-Bundle}; an
     *        {@code Import-Package} is added to the module's own imports
     * @return the jar, in a new temporary directory
     */
    static Path build(String name, Class<?> wrapper, String type, Map<String, String> headers) throws IOException {
        return withMaster(name, wrapper, "* test module\n$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\n"
                + name + " " + type + "\n$$$\n", headers);
    }

    /**
     * @param name the module name
     * @param wrapper the wrapper class; every class of its package goes into the jar
     * @param master the whole master file
     * @return the jar, in a new temporary directory
     */
    static Path withMaster(String name, Class<?> wrapper, String master) throws IOException {
        return withMaster(name, wrapper, master, Map.of());
    }

    /**
     * @param name the module name
     * @param wrapper the wrapper class; every class of its package goes into the jar
     * @param master the whole master file
     * @param headers manifest headers added to the module's own; an {@code Import-Package} is added to its imports
     * @return the jar, in a new temporary directory
     */
    static Path withMaster(String name, Class<?> wrapper, String master, Map<String, String> headers)
            throws IOException {
        String packagePath = wrapper.getPackageName().replace('.', '/');
        Manifest manifest = manifest("org.dlkm.itest." + name, headers);
        Attributes a = manifest.getMainAttributes();
        a.putValue("Bundle-Description", "test module " + name);
        a.putValue("Import-Package", "org.dlkm.kernel;version=\"[1.0,2)\",org.dlkm.kernel.spi;version=\"[1.0,2)\","
                + "org.dlkm.kernel.device;version=\"[1.0,2)\",org.dlkm.kernel.proc;version=\"[1.0,2)\","
                + "org.osgi.framework;version=\"[1.8,2)\"" + (headers.containsKey("Import-Package")
                        ? "," + headers.get("Import-Package") : ""));
        a.putValue(ModuleConstants.MODULE_CLASS_HEADER, wrapper.getName());
        Path jar = Files.createTempDirectory("dlkm-test-module").resolve(name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(ModuleConstants.MASTER_ENTRY));
            out.write(master.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            copyClasses(out, packagePath);
        }
        return jar;
    }

    /**
     * Builds a bundle that is not a module and carries no code: only its manifest.
     *
     * @param symbolicName the bundle's symbolic name
     * @param headers manifest headers besides the symbolic name and version, such as {@code Fragment-Host}
     * @return the jar, in a new temporary directory
     */
    static Path plainBundle(String symbolicName, Map<String, String> headers) throws IOException {
        Path jar = Files.createTempDirectory("dlkm-test-bundle").resolve(symbolicName + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest(symbolicName, headers))) {
            out.finish();
        }
        return jar;
    }

    /**
     * Builds a bundle that is not a module, with the classes of one package of the test classes and other entries.
     *
     * @param symbolicName the bundle's symbolic name
     * @param code a class of the package whose classes go into the jar
     * @param headers manifest headers besides the symbolic name and version, such as {@code Service-Component}
     * @param entries other entries, by path, as text (a declarative services descriptor)
     * @return the jar, in a new temporary directory
     */
    static Path plainBundle(String symbolicName, Class<?> code, Map<String, String> headers,
            Map<String, String> entries) throws IOException {
        String packagePath = code.getPackageName().replace('.', '/');
        Path jar = Files.createTempDirectory("dlkm-test-bundle").resolve(symbolicName + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest(symbolicName, headers))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            copyClasses(out, packagePath);
        }
        return jar;
    }

    /** Copies every class of one package of the test classes into the jar. */
    private static void copyClasses(JarOutputStream out, String packagePath) throws IOException {
        Path classes = Path.of(System.getProperty("dlkm.testClasses")).resolve(packagePath);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(classes, "*.class")) {
            for (Path f : files) {
                out.putNextEntry(new JarEntry(packagePath + "/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
    }

    private static Manifest manifest(String symbolicName, Map<String, String> headers) {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        headers.forEach(a::putValue);
        return manifest;
    }
}
