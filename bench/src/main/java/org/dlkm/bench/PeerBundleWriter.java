package org.dlkm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.driver.e100.internal.E100PeerActivator;
import org.dlkm.kernel.spi.ModuleConstants;

/**
 * Writes the peer bundle of a shipped module (P1, P5): the module written as a plain OSGi bundle, what a user would
 * write instead of a dlkm module. The peer is a copy of the module's jar, entry for entry, plus one class, its
 * activator, in the module's own package; its manifest is the module's with {@code Bundle-Activator} naming that class
 * instead of {@code DLKM-Module-Class} naming the wrapper, {@code org.osgi.framework} imported beside the module's
 * imports, and the peer's own headers. Raw Felix installing and starting it resolves the same requirements as the
 * module and does the work of the module's {@code load}: the activator creates the module's classes and registers
 * them as services ({@link Peer}).
 *
 * <p>The activators' class files are read from the benchmark's class path by name, never loaded here: they link
 * against the module's classes, which only the peer bundle holds (their compile-time constants are copied in by the
 * compiler).
 *
 * <p>Stateless; safe from any thread.
 */
public final class PeerBundleWriter {
    /** The import every peer adds to the module's: its activator's framework API. */
    static final String FRAMEWORK_IMPORT = "org.osgi.framework;version=\"[1.8,2)\"";

    /** A shipped module that has a peer: its name, its activator and the headers the activator reads. */
    public enum Peer {
        /** nfshaper: registers its transmit filter class as a service. */
        NFSHAPER("nfshaper", "org.dlkm.nfshaper.internal.NfShaperPeerActivator", Map.of()),
        /**
         * e100: registers a network device service for each card the kernel assigns e100 on the default hardware
         * (the one 82557 at {@code 0:7} owned by the VMkernel; the one at {@code 0:8} is the service console's), and
         * schedules its watchdog.
         */
        E100("e100", "org.dlkm.driver.e100.internal.E100PeerActivator",
                Map.of(E100PeerActivator.CARDS_HEADER, "0:7"));

        final String module;
        final String activator;
        final Map<String, String> headers;

        Peer(String module, String activator, Map<String, String> headers) {
            this.module = module;
            this.activator = activator;
            this.headers = headers;
        }

        /** @return the module's name, {@code nfshaper} */
        public String module() {
            return module;
        }

        /** @return the PCI addresses of the cards the peer drives, as the kernel writes them; none for nfshaper */
        public String cards() {
            return headers.getOrDefault(E100PeerActivator.CARDS_HEADER, "");
        }

        /**
         * @param module a shipped module's name
         * @return its peer
         * @throws IllegalArgumentException if it has none
         */
        public static Peer of(String module) {
            for (Peer p : values()) {
                if (p.module.equals(module)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("no peer bundle for module '" + module
                    + "': nfshaper and e100 have one");
        }
    }

    private PeerBundleWriter() {
    }

    /**
     * Writes a module's peer bundle.
     *
     * @param peer the module's peer
     * @param moduleJar the module's jar
     * @param out the file to write
     * @return {@code out}
     */
    public static Path write(Peer peer, Path moduleJar, Path out) throws IOException {
        String activatorEntry = peer.activator.replace('.', '/') + ".class";
        try (JarFile module = new JarFile(moduleJar.toFile());
                OutputStream file = Files.newOutputStream(out);
                JarOutputStream jar = new JarOutputStream(file, manifest(peer, module.getManifest()))) {
            for (Enumeration<JarEntry> entries = module.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    try (InputStream in = module.getInputStream(entry)) {
                        copy(jar, entry.getName(), in);
                    }
                }
            }
            try (InputStream in = PeerBundleWriter.class.getClassLoader().getResourceAsStream(activatorEntry)) {
                if (in == null) {
                    throw new IOException("the class file " + activatorEntry + " is not on the class path");
                }
                copy(jar, activatorEntry, in);
            }
        }
        return out;
    }

    /** @return the module's manifest made the peer's */
    static Manifest manifest(Peer peer, Manifest moduleManifest) throws IOException {
        if (moduleManifest == null) {
            throw new IOException(peer.module + ": the module jar has no manifest");
        }
        Manifest manifest = new Manifest(moduleManifest);
        Attributes a = manifest.getMainAttributes();
        if (a.remove(new Attributes.Name(ModuleConstants.MODULE_CLASS_HEADER)) == null) {
            throw new IOException(peer.module + ": the module jar names no " + ModuleConstants.MODULE_CLASS_HEADER);
        }
        a.putValue("Bundle-Activator", peer.activator);
        String imports = a.getValue("Import-Package");
        a.putValue("Import-Package", imports == null ? FRAMEWORK_IMPORT : imports + "," + FRAMEWORK_IMPORT);
        peer.headers.forEach(a::putValue);
        return manifest;
    }

    private static void copy(JarOutputStream jar, String name, InputStream in) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        in.transferTo(jar);
        jar.closeEntry();
    }
}
