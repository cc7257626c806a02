package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.UnusableModule;
import org.dlkm.kernel.config.KernelConfiguration;
import org.junit.jupiter.api.Test;

/** {@code kmsystem -S system_file}: the seed's step 3, over a build's system file. */
class Kmsystem_BuildSystemFileTest {

    private static CatalogEntry row(String name) {
        return new CatalogEntry(name, "misc", "Misc", name, "/var/stand/dlkm/mod.d/" + name + ".jar",
                "/var/usr/conf/master.d/" + name, "/var/stand/system.d/" + name, true, true, Optional.of(true),
                List.of(), -1, -1, -1);
    }

    private final TreeSet<String> selected = new TreeSet<>();
    /** What stand/system (or the pending kmupdate's system file) configures statically. */
    private final TreeSet<String> kernelStatic = new TreeSet<>();
    private final List<Path> files = new ArrayList<>();

    private final KernelConfiguration configuration = new KernelConfiguration() {
        @Override
        public List<String> describeRunningKernel(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> staticModules(Path systemFile) {
            files.add(systemFile);
            return List.copyOf(selected);
        }

        @Override
        public List<String> plannedStaticModules() {
            return List.copyOf(kernelStatic);
        }

        @Override
        public List<String> configureStatic(Path systemFile, String module, boolean configure)
                throws KernelException {
            files.add(systemFile);
            if (module.equals("nosuch")) {
                throw new KernelException(Errno.ENOENT, "nosuch: no such module registered");
            }
            TreeSet<String> set = systemFile.equals(Path.of("/home/var/stand/system")) ? kernelStatic : selected;
            if (configure) {
                set.add(module);
            } else {
                set.remove(module);
            }
            return List.copyOf(set);
        }

        @Override
        public List<String> build(Path systemFile, Path kernelFile) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> update(Path kernelFile) {
            throw new UnsupportedOperationException();
        }
    };

    private final ModuleCatalog catalog = new ModuleCatalog() {
        @Override
        public List<CatalogEntry> entries() {
            return List.of(row("e100"), row("nfshaper"));
        }

        @Override
        public Optional<CatalogEntry> entry(String name) {
            return Optional.of(row(name));
        }

        @Override
        public List<UnusableModule> unusable() {
            return List.of();
        }

        @Override
        public CatalogEntry install(Path jar) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CatalogEntry update(Path jar) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CatalogEntry setConfigure(String name, boolean configure) {
            if (!ownFlags) {
                throw new UnsupportedOperationException("-S must not touch the module's own system file");
            }
            return row(name);
        }

        @Override
        public CatalogEntry setLoadable(String name, boolean loadable) {
            if (!ownFlags) {
                throw new UnsupportedOperationException("-S must not touch the module's own system file");
            }
            return row(name);
        }
    };

    /** Whether the module's own flags may be set: not with -S. */
    private boolean ownFlags;

    private String kmsystem(String... args) {
        return new Kmsystem(catalog, configuration).run(typed -> Path.of("/home/var").resolve(typed.substring(1)),
                args);
    }

    @Test
    void listsTheBuildsSelectionAsStaticAndTheOthersWithTheirOwnFlags() {
        selected.add("nfshaper");
        assertEquals(String.join("\n", "Module          Configured   Loadable", "=".repeat(36),
                "e100            Y            Y", "nfshaper        Y            N"),
                kmsystem("-S", "/stand/build/system"));
        assertEquals(List.of(Path.of("/home/var/stand/build/system")), files);
    }

    @Test
    void cYAddsAModuleToTheFileAndCNRemovesItInAnyOrder() {
        assertTrue(kmsystem("-S", "/stand/build/system", "-c", "Y", "nfshaper")
                .contains("nfshaper        Y            N"));
        assertTrue(kmsystem("-c", "N", "nfshaper", "-S", "/stand/build/system")
                .contains("nfshaper        Y            Y"));
        assertEquals(List.of(), List.copyOf(selected));
    }

    @Test
    void loadableAndQueryDoNotApplyToASystemFileAndAnUnknownModuleIsNamed() {
        CommandFailure l = assertThrows(CommandFailure.class,
                () -> kmsystem("-S", "/stand/build/system", "-l", "N", "e100"));
        assertTrue(l.getMessage().startsWith("kmsystem: with -S system_file only -c Y|N module_name applies"),
                l.getMessage());
        assertEquals(Errno.EINVAL, l.errno());
        CommandFailure unknown = assertThrows(CommandFailure.class,
                () -> kmsystem("-S", "/stand/build/system", "-c", "Y", "nosuch"));
        assertEquals("kmsystem: nosuch: no such module registered (ENOENT)", unknown.getMessage());
    }

    @Test
    void sAloneStillListsEveryModulesOwnFlags() {
        assertTrue(kmsystem("-S").contains("e100            Y            Y"));
        assertEquals(List.of(), files);
    }

    @Test
    void plainKmsystemAndQueryShowAModuleStandSystemConfiguresStaticallyAsItRunsYN() {
        kernelStatic.add("nfshaper");
        assertEquals(String.join("\n", "Module          Configured   Loadable", "=".repeat(36),
                "e100            Y            Y", "nfshaper        Y            N"), kmsystem());
        assertTrue(kmsystem("-q", "nfshaper").endsWith("\nnfshaper        Y            N"), kmsystem("-q", "nfshaper"));
    }

    @Test
    void loadableYOrConfigureNOfSuchAModuleTakesItOutOfStandSystemSoTheFlagsSetAreTheFlagsShown() {
        ownFlags = true;
        kernelStatic.add("nfshaper");
        assertTrue(kmsystem("-l", "Y", "nfshaper").endsWith("\nnfshaper        Y            Y"));
        assertEquals(List.of(), List.copyOf(kernelStatic));
        assertEquals(List.of(Path.of("/home/var/stand/system")), files);
        kernelStatic.add("e100");
        kmsystem("-c", "N", "e100");
        assertEquals(List.of(), List.copyOf(kernelStatic));
    }

    @Test
    void configureYOrLoadableNLeavesStandSystemAlone() {
        ownFlags = true;
        kernelStatic.add("nfshaper");
        assertTrue(kmsystem("-c", "Y", "nfshaper").endsWith("\nnfshaper        Y            N"));
        kmsystem("-l", "N", "nfshaper");
        assertEquals(List.of("nfshaper"), List.copyOf(kernelStatic));
        assertEquals(List.of(), files);
    }
}
