package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module whose files the boot-time check found broken stays unusable, with a clear error, until it is repaired,
 * replaced or deleted; and the catalog's own changes go through the journal.
 */
class ModuleCatalogImpl_UnusableTest {

    @TempDir
    Path root;

    private TestHome home;
    private KernelLog log;
    private ModuleCatalogImpl catalog;
    private Path garbageSystemFile;

    @BeforeEach
    void bootWithAGarbageSystemFile() throws Exception {
        home = new TestHome(root);
        home.register(home.shipped("vmklinux", ""));
        home.register(TestHome.jar(home.layout.moduleDirectory(), "e100.jar", "e100", "", "vmklinux"));
        garbageSystemFile = home.files.system("vmklinux");
        Files.writeString(garbageSystemFile, "$VERSION\n1\n$$$\n$CONFIGURE\nmaybe\n$$$\n");
        log = new KernelLog(Clock.systemUTC());
        catalog = new ModuleCatalogImpl(new TransitionLock(), home.layout, log);
        catalog.boot(home.layout.moduleDirectory());
    }

    @Test
    void theBootReportsTheUnusableModuleOnTheLogAndListsItApart() {
        assertTrue(log.text().contains("kminit: vmklinux: unusable until " + garbageSystemFile + " is repaired"),
                log.text());
        assertEquals(List.of("e100"), catalog.entries().stream().map(CatalogEntry::name).toList());
        assertEquals(List.of("vmklinux"), catalog.unusable().stream().map(u -> u.name()).toList());
        assertEquals("vmklinux: unusable: " + garbageSystemFile + ": line 5: bad $CONFIGURE flag 'maybe'; $CONFIGURE"
                + " holds one line, the flag Y (or y) or N (or n) (EINVAL)", catalog.unusable().get(0).summary());
    }

    @Test
    void planningTheUnusableModuleNamesItsBrokenFileNotAMissingModule() {
        KernelException e = assertThrows(KernelException.class, () -> catalog.planner().plan("vmklinux", Set.of()));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("vmklinux: unusable until " + garbageSystemFile + " is repaired: "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; repair or restore that file, replace the module's files with kminstall -u"
                + " JAR, or delete them with kminstall -d vmklinux"), e.getMessage());
    }

    @Test
    void planningAModuleThatNeedsTheUnusableOneNamesTheChainAndTheBrokenFile() {
        KernelException e = assertThrows(KernelException.class, () -> catalog.planner().plan("e100", Set.of()));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("e100 needs vmklinux: vmklinux: unusable until " + garbageSystemFile),
                e.getMessage());
    }

    @Test
    void kmsystemOfTheUnusableModuleRefusesNamingTheFile() {
        KernelException e = assertThrows(KernelException.class, () -> catalog.setLoadable("vmklinux", true));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains(garbageSystemFile.toString()), e.getMessage());
    }

    @Test
    void kminstallAddOfTheUnusableModuleIsRefusedNamingTheWaysOut() {
        KernelException e = assertThrows(KernelException.class,
                () -> catalog.install(home.layout.moduleDirectory().resolve("vmklinux.jar")));

        assertEquals(Errno.EEXIST, e.errno());
        assertTrue(e.getMessage().endsWith("use kminstall -u to replace them, or kminstall -d vmklinux to delete them"),
                e.getMessage());
    }

    @Test
    void kminstallDeleteRemovesTheFilesOfTheUnusableModule() throws Exception {
        catalog.remove("vmklinux");

        assertEquals(List.of(), catalog.unusable());
        assertFalse(Files.exists(garbageSystemFile));
        assertFalse(Files.exists(home.files.image("vmklinux")));
        assertFalse(Files.exists(home.files.master("vmklinux")));
        assertEquals(List.of(), home.leftovers());
    }

    @Test
    void kminstallUpdateReplacesTheUnusableModulesFilesAndItsGarbageSystemFileByTheDefaults() throws Exception {
        Path v2 = TestHome.jar(root.resolve("incoming"), "vmklinux.jar", "vmklinux", "version 2");

        CatalogEntry e = catalog.update(v2);

        assertEquals("vmklinux", e.name());
        assertEquals(List.of(), catalog.unusable());
        assertEquals(SystemFile.defaultsFor(ModuleJar.read(v2).master()).format(), TestHome.text(garbageSystemFile));
        assertTrue(catalog.planner().plan("e100", Set.of()).steps().size() == 2);
        assertEquals(List.of(), home.leftovers());
    }

    @Test
    void everyChangeIsRefusedWhileAJournalIsPendingAndNothingIsWritten() throws Exception {
        Files.writeString(home.layout.catalogJournal(), "dlkm catalog journal 1\n");
        Path v2 = TestHome.jar(root.resolve("incoming"), "e100.jar", "e100", "version 2", "vmklinux");
        List<String> before = home.allFiles();

        KernelException update = assertThrows(KernelException.class, () -> catalog.update(v2));
        KernelException configure = assertThrows(KernelException.class, () -> catalog.setConfigure("e100", false));

        assertEquals(Errno.EIO, update.errno());
        assertTrue(update.getMessage().contains("still pending in its journal " + home.layout.catalogJournal()),
                update.getMessage());
        assertEquals(Errno.EIO, configure.errno());
        assertEquals(before, home.allFiles());
    }

    @Test
    void kmtuneOfKernelAndModuleTunablesWritesTheirSystemFilesInOneJournaledChange() throws Exception {
        Path standSystem = root.resolve("stand/system");
        Files.createDirectories(standSystem.getParent());
        Files.writeString(standSystem, "old\n");
        catalog.changeSystems("kmtune: test", java.util.Map.of("e100", s -> new SystemFile(s.module(), s.configure(),
                s.loadable(), java.util.Map.of("e100_debug", 3L))), standSystem, "new\n");
        assertEquals("new\n", Files.readString(standSystem));
        assertTrue(Files.readString(home.files.system("e100")).contains("e100_debug 3"));
        assertEquals(java.util.Map.of("e100_debug", 3L), catalog.registered("e100").orElseThrow().system().tunables());
        assertFalse(Files.exists(home.layout.catalogJournal()));

        KernelException unusable = assertThrows(KernelException.class, () -> catalog.changeSystems("kmtune: test",
                java.util.Map.of("vmklinux", s -> s), standSystem, "newer\n"));
        assertEquals(Errno.EINVAL, unusable.errno());
        assertEquals("new\n", Files.readString(standSystem), "nothing changed");
    }
}
