package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.UnusableModule;
import org.junit.jupiter.api.Test;

/**
 * A module whose system file is garbage is named, with the file and why, by every command that lists modules, and
 * every command that needs it refuses with the same, never with "no such module".
 */
class UnusableModule_ListingsTest {
    private static final String FILE = "/var/stand/system.d/e100";
    private static final UnusableModule E100 = new UnusableModule("e100", FILE,
            FILE + ": line 5: bad $CONFIGURE flag 'maybe'", Errno.EINVAL);
    private static final CatalogEntry NFSHAPER = new CatalogEntry("nfshaper", "misc", "Misc", "the shaper",
            "/var/stand/dlkm/mod.d/nfshaper.jar", "/var/usr/conf/master.d/nfshaper", "/var/stand/system.d/nfshaper",
            true, true, Optional.of(true), List.of(), -1, -1, -1);

    /** A catalog holding nfshaper, usable, and e100, unusable. */
    private static final class CatalogWithABrokenModule implements ModuleCatalog {
        @Override
        public List<CatalogEntry> entries() {
            return List.of(NFSHAPER);
        }

        @Override
        public Optional<CatalogEntry> entry(String name) {
            return name.equals("nfshaper") ? Optional.of(NFSHAPER) : Optional.empty();
        }

        @Override
        public List<UnusableModule> unusable() {
            return List.of(E100);
        }

        @Override
        public CatalogEntry install(Path jar) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public CatalogEntry update(Path jar) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public void remove(String name) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public CatalogEntry setConfigure(String name, boolean configure) throws KernelException {
            throw E100.refusal();
        }

        @Override
        public CatalogEntry setLoadable(String name, boolean loadable) throws KernelException {
            throw E100.refusal();
        }
    }

    private final FakeKernel kernel = new FakeKernel();
    private final ModuleCatalog catalog = new CatalogWithABrokenModule();

    private String kmadmin(String... args) {
        return new Kmadmin(kernel, catalog).run(args);
    }

    @Test
    void kmsystemListsTheUnusableModuleAfterTheOthersWithItsFileAndCode() {
        assertEquals("""
                Module          Configured   Loadable
                ====================================
                nfshaper        Y            Y
                e100: unusable: /var/stand/system.d/e100: line 5: bad $CONFIGURE flag 'maybe' (EINVAL)""",
                new Kmsystem(catalog, null).run());
    }

    @Test
    void kmadminBriefStatusShowsTheUnusableModuleAsUnusable() {
        assertEquals("""
                Name            ID      Status          Type
                =====================================================
                e100            -       UNUSABLE        /var/stand/system.d/e100: line 5: bad $CONFIGURE flag 'maybe'\
                 (EINVAL)""", kmadmin("-s"));
    }

    @Test
    void kmadminFullStatusGivesTheUnusableModuleABlockWithItsProblem() {
        String status = kmadmin("-S");

        assertTrue(status.endsWith("""
                Module Name             e100
                Module ID               -
                Status                  UNUSABLE
                Problem                 /var/stand/system.d/e100: line 5: bad $CONFIGURE flag 'maybe' (EINVAL)"""),
                status);
    }

    @Test
    void kmadminStaticListNamesTheUnusableModule() {
        assertEquals("No statically configured modules are loaded\n" + E100.summary(), kmadmin("-k"));
    }

    @Test
    void vmkloadModListNamesTheUnusableModuleAfterTheLoadedOnes() {
        assertEquals("Name        ID Tag      Bundle     Size Exp  Deps Holds Devices\n" + E100.summary(),
                new VmkloadMod(kernel, catalog::unusable).run("-l"));
    }

    @Test
    void queryingOrConfiguringTheUnusableModuleRefusesWithItsFileNeverNoSuchModule() {
        for (Runnable command : List.<Runnable>of(() -> kmadmin("-Q", "e100"),
                () -> new Kmsystem(catalog, null).run("-q", "e100"),
                () -> new Kmsystem(catalog, null).run("-c", "N", "e100"))) {
            CommandFailure f = assertThrows(CommandFailure.class, command::run);
            assertEquals(Errno.EINVAL, f.errno());
            assertTrue(f.getMessage().contains("e100: unusable until " + FILE + " is repaired"), f.getMessage());
        }
    }
}
