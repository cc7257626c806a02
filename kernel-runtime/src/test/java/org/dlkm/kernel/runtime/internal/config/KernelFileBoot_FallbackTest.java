package org.dlkm.kernel.runtime.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boot's decisions over a fake loader: which kernel boots, what is renamed, what is said. */
class KernelFileBoot_FallbackTest {
    @TempDir
    Path home;
    private KernelPaths paths;
    private final Map<String, Path> registered = new HashMap<>();
    private final List<String> loaded = new ArrayList<>();
    private final Set<String> failing = new java.util.HashSet<>();
    private boolean legacyBooted;

    private final KernelFileBoot.StaticLoader loader = new KernelFileBoot.StaticLoader() {
        @Override
        public void load(String module) throws KernelException {
            if (failing.contains(module)) {
                throw new KernelException(Errno.EIO, "its load failed");
            }
            loaded.add(module);
        }

        @Override
        public void unload(List<String> modules) {
            loaded.removeAll(modules);
        }

        @Override
        public Optional<Path> registeredImage(String module) {
            return Optional.ofNullable(registered.get(module));
        }

        @Override
        public List<String> configuredStatic() {
            legacyBooted = true;
            return List.of();
        }

        /** The tune room's part, faked: a value of "0" is out of range; the others become current. */
        @Override
        public Optional<String> tunables(Path kernelFile, List<SystemDescription.Tunable> lines) {
            for (SystemDescription.Tunable t : lines) {
                if (t.value().equals("0")) {
                    return Optional.of(kernelFile + ": " + t.name() + ": 0 is below its minimum 1");
                }
            }
            lines.forEach(t -> tuned.put(t.name(), t.value()));
            return Optional.empty();
        }
    };
    private final Map<String, String> tuned = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        paths = new KernelPaths(home);
        Files.createDirectories(home.resolve("stand/dlkm/mod.d"));
        for (String m : List.of("vmklinux", "e100", "nfshaper")) {
            Path image = home.resolve("stand/dlkm/mod.d/" + m + ".jar");
            Files.writeString(image, m + " image");
            registered.put(m, image);
        }
    }

    /** Writes a kernel file with the registered images of the modules, and its module set. */
    private void kernel(Path file, String... modules) throws Exception {
        kernel(file, List.of(), modules);
    }

    private void kernel(Path file, List<SystemDescription.Tunable> tunables, String... modules) throws Exception {
        List<KernelFile.Image> images = new ArrayList<>();
        Path set = Files.createDirectories(paths.moduleSet(file));
        for (String m : modules) {
            Files.copy(registered.get(m), set.resolve(m + ".jar"));
            images.add(new KernelFile.Image(m, org.dlkm.kernel.runtime.internal.catalog.FileDigest.sha256(registered.get(m))));
        }
        new KernelFile(images, tunables).write(file, "test");
    }

    @Test
    void theKernelsTunablesBecomeCurrentAndOneOutOfRangeFallsBackBeforeAnyModuleLoads() throws Exception {
        kernel(paths.previous(), List.of(new SystemDescription.Tunable("maxusers", "32")), "vmklinux");
        kernel(paths.kernel(), List.of(new SystemDescription.Tunable("maxusers", "0")), "vmklinux", "e100");

        List<String> report = new KernelFileBoot(paths, loader).boot(Optional.empty());

        assertTrue(report.get(0).contains("maxusers: 0 is below its minimum 1"), report.toString());
        assertTrue(report.get(1).startsWith("fell back to the backup kernel"), report.toString());
        assertEquals(List.of("vmklinux"), loaded);
        assertEquals(Map.of("maxusers", "32"), tuned);
    }

    @Test
    void aHomeWithoutKernelFileBootsTheModulesConfiguredStatically() {
        assertEquals(List.of(), new KernelFileBoot(paths, loader).boot(Optional.empty()));
        assertTrue(legacyBooted);
    }

    @Test
    void stand_vmunixBootsItsStaticModulesInOrder() throws Exception {
        kernel(paths.kernel(), "vmklinux", "e100");
        KernelFileBoot boot = new KernelFileBoot(paths, loader);
        assertEquals(List.of(), boot.boot(Optional.empty()));
        assertEquals(List.of("vmklinux", "e100"), loaded);
        assertEquals(Optional.of(paths.kernel()), boot.booted());
        assertFalse(legacyBooted);
    }

    @Test
    void aChangedImageFallsBackToPrevAndKeepsTheFailedKernel() throws Exception {
        kernel(paths.previous(), "vmklinux");
        kernel(paths.kernel(), "vmklinux", "nfshaper");
        Files.writeString(registered.get("nfshaper"), "another image");
        List<String> report = new KernelFileBoot(paths, loader).boot(Optional.empty());
        assertTrue(report.get(0).contains("nfshaper") && report.get(0).contains("changed since the kernel was built"),
                report.toString());
        assertTrue(report.get(1).startsWith("fell back to the backup kernel"), report.toString());
        assertEquals(List.of("vmklinux"), loaded);
        assertEquals(List.of("vmklinux"), KernelFile.read(paths.kernel()).names());
        assertEquals(List.of("vmklinux", "nfshaper"), KernelFile.read(paths.failed()).names());
        assertFalse(Files.exists(paths.previous()));
        assertTrue(Files.exists(paths.moduleSet(paths.failed()).resolve("nfshaper.jar")));
        assertFalse(Files.exists(paths.moves()));
    }

    @Test
    void aFailedLoadUnloadsWhatTheAttemptLoadedBeforeFallingBack() throws Exception {
        kernel(paths.previous(), "vmklinux");
        kernel(paths.kernel(), "vmklinux", "e100");
        failing.add("e100");
        List<String> report = new KernelFileBoot(paths, loader).boot(Optional.empty());
        assertTrue(report.get(0).contains("static module e100: its load failed (EIO)"), report.toString());
        assertEquals(List.of("vmklinux"), loaded);
    }

    @Test
    void aKernelFileThatDoesNotParseFallsBackNamingItsLine() throws Exception {
        kernel(paths.previous(), "vmklinux");
        Files.writeString(paths.kernel(), "$VERSION\n1\n$$$\n$STATIC\ne100\n$$$\n");
        List<String> report = new KernelFileBoot(paths, loader).boot(Optional.empty());
        assertTrue(report.get(0).contains(paths.kernel() + ": line 5: "), report.toString());
        assertEquals(List.of("vmklinux"), loaded);
    }

    @Test
    void withoutBackupBootSaysSoAndBootsTheModulesConfiguredStatically() throws Exception {
        kernel(paths.kernel(), "e100");
        failing.add("e100");
        List<String> report = new KernelFileBoot(paths, loader).boot(Optional.empty());
        assertTrue(report.get(1).startsWith("there is no backup kernel"), report.toString());
        assertTrue(legacyBooted);
        assertTrue(Files.exists(paths.kernel()));
    }

    @Test
    void aNamedKernelBootsInsteadOfStand_vmunix() throws Exception {
        kernel(paths.kernel(), "vmklinux");
        Path other = home.resolve("stand/vmunix.test");
        kernel(other, "nfshaper");
        KernelFileBoot boot = new KernelFileBoot(paths, loader);
        assertEquals(List.of(), boot.boot(Optional.of(other)));
        assertEquals(List.of("nfshaper"), loaded);
        assertEquals(Optional.of(other), boot.booted());
    }

    @Test
    void aPendingJournalIsCompletedBeforeTheKernelIsRead() throws Exception {
        kernel(paths.builtKernel(), "e100", "nfshaper");
        new KernelMoves(paths.moves()).schedule("kmupdate: test", List.of(
                KernelMoves.Op.move(paths.moduleSet(paths.builtKernel()), paths.moduleSet(paths.kernel())),
                KernelMoves.Op.move(paths.builtKernel(), paths.kernel())));
        KernelFileBoot boot = new KernelFileBoot(paths, loader);
        List<String> report = boot.prepare();
        assertTrue(report.get(0).startsWith("completed the kernel moves of kmupdate: test"), report.toString());
        assertEquals(List.of(), boot.boot(Optional.empty()));
        assertEquals(List.of("e100", "nfshaper"), loaded);
    }

    @Test
    void prepareRemovesTemporariesAndWritesAMissingSystemFile() throws Exception {
        Files.createDirectories(paths.build());
        Path temp = Files.writeString(paths.build().resolve(".system.1234.tmp"), "half");
        Path dir = Files.createDirectories(paths.build().resolve(".dlkm.vmunix_test.5678.tmp"));
        Files.writeString(dir.resolve("e100.jar"), "half");
        List<String> report = new KernelFileBoot(paths, loader).prepare();
        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(dir));
        assertEquals(2, report.size(), report.toString());
        assertEquals(new SystemDescription(List.of(), List.of()), SystemDescription.read(paths.system()));
    }

    @Test
    void aTemporaryFileTheMovesCarriedIntoTheKernelsModuleSetIsRemovedAfterThem() throws Exception {
        Path built = Files.createDirectories(paths.moduleSet(paths.builtKernel()));
        Path half = Files.writeString(built.resolve(".system.1234.tmp"), "a kmtune killed while carrying its edit");
        new KernelMoves(paths.moves()).schedule("kmupdate: install", List.of(
                KernelMoves.Op.delete(paths.moduleSet(paths.kernel())),
                KernelMoves.Op.move(built, paths.moduleSet(paths.kernel()))));
        List<String> report = new KernelFileBoot(paths, loader).prepare();
        assertFalse(Files.exists(half));
        assertFalse(Files.exists(paths.moduleSet(paths.kernel()).resolve(".system.1234.tmp")), report.toString());
        assertTrue(report.get(report.size() - 1).startsWith("removed " + paths.moduleSet(paths.kernel())
                .resolve(".system.1234.tmp")), report.toString());
    }

    @Test
    void aKillBetweenKmupdatesSystemFileMovesKeepsTheOldOneAsPrevAndInstallsTheBuilds() throws Exception {
        Path copy = Files.createDirectories(paths.moduleSet(paths.builtKernel())).resolve(KernelPaths.SYSTEM_COPY);
        String built = "$VERSION\n1\n$$$\n$STATIC\nnfshaper\n$$$\n";
        Files.writeString(copy, built);
        Files.createDirectories(paths.system().getParent());
        Files.writeString(paths.system(), "$VERSION\n1\n$$$\n$TUNABLE\nmaxuprc 90\n$$$\n");
        new KernelMoves(paths.moves()).schedule("kmupdate: install", List.of(
                KernelMoves.Op.move(paths.system(), paths.previousSystem()),
                KernelMoves.Op.move(copy, paths.system())));
        // killed right after the first move, before the journal recorded it: no stand/system now
        Files.move(paths.system(), paths.previousSystem());

        new KernelFileBoot(paths, loader).prepare();

        assertTrue(Files.readString(paths.previousSystem()).contains("maxuprc 90"), "the old system file is kept");
        assertEquals(built, Files.readString(paths.system()));
    }
}
