package org.dlkm.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Module jars and broken jars for hot deployment, made from a shipped module jar (nfshaper, built against the
 * kernel API only) without a compiler: the same classes under another module name, or another version of the same
 * module whose master file carries a marker (so its SHA-256 and its master file differ); and files that are not
 * modules (random bytes, a jar without a master file, a plain OSGi bundle).
 *
 * <p>Stateless apart from the source jar's path; safe to use from several threads.
 */
final class ModuleJarVariants {
    static final String MASTER_ENTRY = "META-INF/dlkm/master";
    private static final String SHIPPED_NAME = "nfshaper";

    private final Path shipped;

    /** @param shipped the shipped nfshaper jar */
    ModuleJarVariants(Path shipped) {
        this.shipped = shipped;
    }

    /**
     * @param marker a comment line put first in the master file: versions of one module differ by it
     * @return a version of nfshaper itself
     */
    byte[] version(String marker) throws IOException {
        return rewrite(SHIPPED_NAME, marker);
    }

    /**
     * @return the shipped module's classes as a module of another name (its master file's {@code $TYPE} line,
     *         without the shipped tunable, which one module only may declare), with its own bundle name
     */
    byte[] renamed(String name) throws IOException {
        return renamed(name, "module " + name + ", made from " + SHIPPED_NAME);
    }

    /** @return {@link #renamed(String)}, its master file marked: versions of one renamed module differ by it */
    byte[] renamed(String name, String marker) throws IOException {
        return rewrite(name, marker);
    }

    private byte[] rewrite(String name, String marker) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarFile in = new JarFile(shipped.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            if (!name.equals(SHIPPED_NAME)) {
                Attributes main = manifest.getMainAttributes();
                main.putValue("Bundle-SymbolicName", "org.dlkm.test." + name);
                main.putValue("Bundle-Name", "dlkm test module " + name);
                main.putValue("Bundle-Description", "test module " + name);
            }
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    byte[] content;
                    try (InputStream stream = in.getInputStream(entry)) {
                        content = stream.readAllBytes();
                    }
                    if (entry.getName().equals(MASTER_ENTRY)) {
                        content = master(new String(content, StandardCharsets.UTF_8), name, marker)
                                .getBytes(StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    out.write(content);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    private static String master(String shippedMaster, String name, String marker) {
        String text = "* " + marker + "\n" + shippedMaster;
        if (name.equals(SHIPPED_NAME)) {
            return text;
        }
        int tunable = text.indexOf("$TUNABLE\n");
        if (tunable >= 0) {
            int end = text.indexOf("$$$\n", tunable);
            text = text.substring(0, tunable) + text.substring(end + "$$$\n".length());
        }
        return text.replace("$TYPE\n" + SHIPPED_NAME + " ", "$TYPE\n" + name + " ");
    }

    /** @return bytes that are no zip at all */
    static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** @return a jar that names a module wrapper but carries no master file */
    byte[] withoutMasterFile(String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarFile in = new JarFile(shipped.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", "org.dlkm.test." + name);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                out.putNextEntry(new JarEntry("README.txt"));
                out.write(("module " + name + " without its master file\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** @return a plain OSGi bundle: a manifest with a symbolic name and a resource, no module header */
    static byte[] plainBundle(String name) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.dlkm.test." + name);
        main.putValue("Bundle-Name", "dlkm test bundle " + name);
        main.putValue("Bundle-Version", "1.0.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("OSGI-INF/" + name + ".txt"));
            out.write(("a plain bundle, " + name + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
