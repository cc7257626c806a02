package org.dlkm.kernel.runtime.internal.catalog;

import static org.dlkm.kernel.runtime.internal.catalog.KernelPackagesTest.moduleJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog and the packages of the kernel and the framework: {@code kminstall -a} and {@code -u} refuse a module
 * that exports one, and the planner never plans a module as the provider of one, even a module whose image reached
 * the catalog's directory another way.
 */
class ModuleCatalogImpl_KernelPackagesTest {
    @TempDir
    Path dir;

    private final KernelLog log = new KernelLog(Clock.systemUTC());
    private final KernelPackages packages = new KernelPackages(Set.of("org.osgi.framework"));

    private ModuleCatalogImpl bootedCatalog(Path home) {
        ModuleCatalogImpl catalog = new ModuleCatalogImpl(new TransitionLock(), KernelHomeLayout.of(home), log,
                packages);
        catalog.boot(dir.resolve("no-modules"));
        return catalog;
    }

    private static List<String> planOf(ModuleCatalogImpl catalog, String module) throws KernelException {
        List<String> steps = new ArrayList<>();
        new LoadPlanner(catalog.graph()).plan(module, Set.of()).steps().forEach(s -> steps.add(s.module()));
        return steps;
    }

    @Test
    void kminstallRefusesAModuleExportingAKernelPackage() throws Exception {
        ModuleCatalogImpl catalog = bootedCatalog(dir.resolve("home"));
        Path evil = moduleJar(dir, "evil", "Export-Package", "org.dlkm.kernel.net");

        KernelException e = assertThrows(KernelException.class, () -> catalog.install(evil));

        assertEquals(Errno.EPERM, e.errno());
        assertTrue(e.getMessage().startsWith("evil: exports org.dlkm.kernel.net, which the kernel provides;"),
                e.getMessage());
        assertTrue(catalog.entries().isEmpty());
        assertTrue(Files.notExists(dir.resolve("home/stand/dlkm/mod.d/evil.jar")));
    }

    @Test
    void kminstallRefusesAnUpdateThatStartsExportingAFrameworkPackage() throws Exception {
        ModuleCatalogImpl catalog = bootedCatalog(dir.resolve("home"));
        catalog.install(moduleJar(dir, "shifty", "Export-Package", "org.example.shifty"));
        Path update = moduleJar(Files.createDirectory(dir.resolve("v2")), "shifty", "Export-Package",
                "org.example.shifty,org.osgi.framework");

        KernelException e = assertThrows(KernelException.class, () -> catalog.update(update));

        assertEquals(Errno.EPERM, e.errno());
        assertTrue(e.getMessage().startsWith("shifty: exports org.osgi.framework, which the framework provides;"),
                e.getMessage());
        assertEquals(List.of("org.example.shifty"),
                catalog.registered("shifty").orElseThrow().image().exportedPackages());
    }

    @Test
    void thePlannerNeverPlansAModuleAsTheProviderOfAKernelPackage() throws Exception {
        Path home = dir.resolve("home");
        ModuleCatalogImpl first = bootedCatalog(home);
        first.install(moduleJar(dir, "user", "Import-Package", "org.dlkm.kernel.net,org.example.helper"));
        first.install(moduleJar(dir, "helper", "Export-Package", "org.example.helper"));
        // an image that exports a kernel package, put into the catalog's directories behind kminstall's back
        KernelHomeLayout layout = KernelHomeLayout.of(home);
        Files.copy(moduleJar(dir, "evil", "Export-Package", "org.dlkm.kernel.net"),
                layout.images().resolve("evil.jar"));
        Files.writeString(layout.masterFiles().resolve("evil"), Files.readString(layout.masterFiles()
                .resolve("helper"), StandardCharsets.UTF_8).replace("helper misc", "evil misc"));
        Files.copy(layout.systemFiles().resolve("helper"), layout.systemFiles().resolve("evil"));

        ModuleCatalogImpl rebooted = bootedCatalog(home);

        assertTrue(rebooted.registered("evil").isPresent());
        assertEquals(Set.of("helper"), rebooted.symbolProviders("user"));
        assertEquals(List.of("helper", "user"), planOf(rebooted, "user"));
    }
}
