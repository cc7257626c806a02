package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services and transmit filter classes a module declares, read from its {@code osgi.service} and
 * {@code dlkm.filter} capabilities without loading it.
 */
class ModuleJar_ServicesTest {
    private static final String MASTER = "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\nplain misc\n$$$\n";

    @TempDir
    Path dir;

    private ModuleJar read(String provideCapability) throws IOException, KernelException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(ModuleJar.MODULE_CLASS_HEADER, "org.example.Plain");
        if (provideCapability != null) {
            a.putValue("Provide-Capability", provideCapability);
        }
        Path jar = dir.resolve("plain.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry(ModuleJar.MASTER_ENTRY));
            zip.write(MASTER.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return ModuleJar.read(jar);
    }

    @Test
    void aModuleWithoutCapabilitiesDeclaresNoService() throws Exception {
        assertTrue(read(null).providedServices().isEmpty());
    }

    @Test
    void theObjectClassesOfEveryServiceCapabilityAreTheDeclaredServicesInOrder() throws Exception {
        ModuleJar jar = read("osgi.service;objectClass:List<String>=\"org.acme.Greeter,org.acme.Farewell\";"
                + "uses:=\"org.acme\", osgi.extender;osgi.extender=foo, osgi.service;objectClass=org.acme.Clock");

        assertEquals(List.of("org.acme.Greeter", "org.acme.Farewell", "org.acme.Clock"), jar.providedServices());
    }

    @Test
    void aServiceDeclaredTwiceIsListedOnce() throws Exception {
        assertEquals(List.of("org.acme.Greeter"), read("osgi.service;objectClass:List<String>=\"org.acme.Greeter\","
                + "osgi.service;objectClass:List<String>=\"org.acme.Greeter\"").providedServices());
    }

    @Test
    void otherNamespacesAreNotServices() throws Exception {
        assertTrue(read("osgi.contract;osgi.contract=JavaServlet").providedServices().isEmpty());
    }

    @Test
    void theFilterClassesAreTheDlkmFilterCapabilitiesApartFromTheServices() throws Exception {
        ModuleJar jar = read("dlkm.filter;dlkm.filter=nfshaper, osgi.service;objectClass=org.acme.Clock,"
                + " dlkm.filter;dlkm.filter:List<String>=\"policer,nfshaper\"");

        assertEquals(List.of("nfshaper", "policer"), jar.filterClasses());
        assertEquals(List.of("org.acme.Clock"), jar.providedServices());
        assertTrue(read(null).filterClasses().isEmpty());
    }

    @Test
    void aMalformedCapabilityHeaderIsRefusedNamingIt() {
        KernelException e = assertThrows(KernelException.class,
                () -> read("osgi.service;objectClass:List<String>=\"org.acme.Greeter"));

        assertEquals(Errno.ENOEXEC.number(), e.number());
        assertTrue(e.getMessage().contains(": malformed Provide-Capability: "), e.getMessage());
    }
}
