package org.dlkm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.dlkm.bench.wrapper.GeneratedModule;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.MasterFileParser;
import org.dlkm.kernel.spi.ModuleConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleJarWriterTest {

    @TempDir
    Path dir;

    private final ModuleSpec m5 = new ModuleSpec("m5", List.of("m4"), List.of("m4", "m2"));

    @Test
    void theManifestNamesTheWrapperExportsItsSymbolsAndImportsTheSpiAndItsProviders() throws Exception {
        Path jar = new ModuleJarWriter().write(m5, dir);
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes a = file.getManifest().getMainAttributes();
            assertEquals("2", a.getValue("Bundle-ManifestVersion"));
            assertEquals("org.dlkm.bench.m5", a.getValue("Bundle-SymbolicName"));
            assertEquals(GeneratedModule.class.getName(), a.getValue(ModuleConstants.MODULE_CLASS_HEADER));
            assertEquals("sym.m5;version=\"1.0.0\"", a.getValue("Export-Package"));
            assertEquals("org.dlkm.kernel.spi;version=\"[1.0,2)\",sym.m4;version=\"[1.0,2)\","
                    + "sym.m2;version=\"[1.0,2)\"", a.getValue("Import-Package"));
            assertNotNull(file.getEntry(GeneratedModule.class.getName().replace('.', '/') + ".class"));
        }
    }

    @Test
    void theMasterFileIsOneTheKernelAccepts() throws Exception {
        Path jar = new ModuleJarWriter().write(m5, dir);
        try (JarFile file = new JarFile(jar.toFile());
                InputStream in = file.getInputStream(file.getEntry(ModuleConstants.MASTER_ENTRY))) {
            MasterFile master = MasterFileParser.parse("m5", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("m5", master.name());
            assertEquals(List.of("m4"), master.dependencies());
            assertTrue(master.loadable());
        }
    }

    @Test
    void theSymbolPackageHoldsAPublicInterfaceTheJvmLoads() throws Exception {
        Path jar = new ModuleJarWriter().write(m5, dir);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> symbol = loader.loadClass("sym.m5." + ModuleJarWriter.SYMBOL_CLASS);
            assertTrue(symbol.isInterface());
            assertTrue(Modifier.isPublic(symbol.getModifiers()));
            assertEquals("sym.m5", symbol.getPackageName());
        }
    }
}
