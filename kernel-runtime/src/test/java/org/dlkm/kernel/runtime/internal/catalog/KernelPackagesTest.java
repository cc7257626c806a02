package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which packages no module may export: the kernel's name space and what the framework's system bundle exports. */
class KernelPackagesTest {
    @TempDir
    Path dir;

    private final KernelPackages packages = new KernelPackages(Set.of("org.osgi.framework", "javax.xml.parsers"));

    /**
     * Writes a module jar with these headers in its manifest.
     *
     * @param headers alternating names and values
     */
    static Path moduleJar(Path dir, String name, String... headers) throws Exception {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("DLKM-Module-Class", "org.example." + name + ".Module");
        for (int i = 0; i < headers.length; i += 2) {
            a.putValue(headers[i], headers[i + 1]);
        }
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("META-INF/dlkm/master"));
            out.write(("$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\n" + name + " misc\n$$$\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private KernelException refusal(String exports) throws Exception {
        ModuleJar jar = ModuleJar.read(moduleJar(dir, "evil", "Export-Package", exports));
        KernelException e = assertThrows(KernelException.class, () -> packages.checkExports(jar));
        assertEquals(Errno.EPERM, e.errno());
        return e;
    }

    @Test
    void everyPackageOfTheKernelsNameSpaceIsTheKernels() {
        assertTrue(packages.provides("org.dlkm.kernel"));
        assertTrue(packages.provides("org.dlkm.kernel.net"));
        assertTrue(packages.provides("org.dlkm.kernel.runtime.internal.loader"));
        assertFalse(packages.provides("org.dlkm.kernelx"));
        assertFalse(packages.provides("org.dlkm.vmklinux.net"));
    }

    @Test
    void whatTheSystemBundleExportsIsTheFrameworks() {
        assertTrue(packages.provides("org.osgi.framework"));
        assertTrue(packages.provides("javax.xml.parsers"));
        assertFalse(packages.provides("org.osgi.framework.hooks.resolver"));
        assertFalse(KernelPackages.kernelOnly().provides("org.osgi.framework"));
    }

    @Test
    void aModuleExportingAKernelPackageIsRefusedWithEpermNamingIt() throws Exception {
        assertEquals("evil: exports org.dlkm.kernel.net, which the kernel provides; a module may not export a package"
                + " of the kernel or the framework: remove it from the module's Export-Package",
                refusal("org.dlkm.kernel.net;version=1.0").getMessage());
    }

    @Test
    void aModuleExportingAFrameworkPackageIsRefusedNamingTheFramework() throws Exception {
        assertEquals("evil: exports org.osgi.framework, which the framework provides; a module may not export a"
                + " package of the kernel or the framework: remove it from the module's Export-Package",
                refusal("org.example.evil,org.osgi.framework").getMessage());
    }

    @Test
    void everyOffendingPackageIsNamedAtOnce() throws Exception {
        assertEquals("evil: exports org.dlkm.kernel.spi, javax.xml.parsers, which the kernel and the framework"
                + " provide; a module may not export a package of the kernel or the framework: remove them from the"
                + " module's Export-Package", refusal("org.dlkm.kernel.spi,org.example.evil,javax.xml.parsers")
                .getMessage());
    }

    @Test
    void aModuleExportingItsOwnPackagesAndImportingTheKernelsIsAdmitted() throws Exception {
        ModuleJar jar = ModuleJar.read(moduleJar(dir, "good", "Export-Package", "org.example.good",
                "Import-Package", "org.dlkm.kernel.net,org.osgi.framework"));
        assertDoesNotThrow(() -> packages.checkExports(jar));
    }
}
