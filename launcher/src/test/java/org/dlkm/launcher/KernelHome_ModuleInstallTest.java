package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelHome_ModuleInstallTest {

    @TempDir
    Path tmp;

    private Path shipped;
    private LockedHome locked;
    private KernelHome home;

    @BeforeEach
    void shipTwoModules() throws Exception {
        shipped = Files.createDirectories(tmp.resolve("modules"));
        Files.write(shipped.resolve("e100.jar"), new byte[] {1, 2, 3});
        Files.write(shipped.resolve("vmklinux.jar"), new byte[] {4, 5});
        Files.writeString(shipped.resolve("README"), "not a module");
        locked = LockedHome.prepare(tmp.resolve("var"));
        home = locked.home;
    }


    @AfterEach
    void releaseTheLock() {
        locked.close();
    }
    @Test
    void absentModulesAreCopiedInNameOrder() throws Exception {
        assertEquals(List.of("e100.jar", "vmklinux.jar"), home.installModules(shipped));

        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(home.moduleDirectory().resolve("e100.jar")));
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(home.moduleDirectory().resolve("vmklinux.jar")));
    }

    @Test
    void onlyJarsAreModules() throws Exception {
        home.installModules(shipped);

        assertEquals(false, Files.exists(home.moduleDirectory().resolve("README")));
    }

    @Test
    void identicalModulesAreLeftUntouched() throws Exception {
        home.installModules(shipped);
        Path installed = home.moduleDirectory().resolve("e100.jar");
        FileTime past = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(installed, past);

        assertEquals(List.of(), home.installModules(shipped));
        assertEquals(past, Files.getLastModifiedTime(installed));
    }

    @Test
    void aModuleOfTheSameSizeButOtherContentIsReplaced() throws Exception {
        home.installModules(shipped);
        Files.write(shipped.resolve("e100.jar"), new byte[] {9, 9, 9});

        assertEquals(List.of("e100.jar"), home.installModules(shipped));
        assertArrayEquals(new byte[] {9, 9, 9}, Files.readAllBytes(home.moduleDirectory().resolve("e100.jar")));
    }

    @Test
    void aModuleOfAnotherSizeIsReplaced() throws Exception {
        home.installModules(shipped);
        Files.write(shipped.resolve("vmklinux.jar"), new byte[] {4, 5, 6, 7});

        assertEquals(List.of("vmklinux.jar"), home.installModules(shipped));
    }

    @Test
    void modulesTheAdministratorAddedAreLeftAlone() throws Exception {
        Files.write(home.moduleDirectory().resolve("nfshaper.jar"), new byte[] {7});

        home.installModules(shipped);

        assertArrayEquals(new byte[] {7}, Files.readAllBytes(home.moduleDirectory().resolve("nfshaper.jar")));
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws Exception {
        home.installModules(shipped);
        Files.write(shipped.resolve("e100.jar"), new byte[] {8});
        home.installModules(shipped);

        try (Stream<Path> files = Files.list(home.moduleDirectory())) {
            assertEquals(List.of(KernelHome.SHIPPED_RECORD, "e100.jar", "vmklinux.jar"),
                    files.map(file -> file.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aShippedJarTheAdministratorReplacedOrDeletedStaysSoUntilAnotherBuildIsShipped() throws Exception {
        home.installModules(shipped);
        Path e100 = home.moduleDirectory().resolve("e100.jar");
        Files.write(e100, new byte[] {6, 6}); // hot deployment of their own build
        Files.delete(home.moduleDirectory().resolve("vmklinux.jar")); // hot deployment withdraws it

        assertEquals(List.of(), home.installModules(shipped));
        assertArrayEquals(new byte[] {6, 6}, Files.readAllBytes(e100));
        assertEquals(false, Files.exists(home.moduleDirectory().resolve("vmklinux.jar")));

        Files.write(shipped.resolve("vmklinux.jar"), new byte[] {4, 5, 6});
        assertEquals(List.of("vmklinux.jar"), home.installModules(shipped), "a new build is shipped");
    }

    @Test
    void aHomeWithoutTheRecordTakesEveryShippedJarAsNeverInstalled() throws Exception {
        home.installModules(shipped);
        Files.delete(home.moduleDirectory().resolve(KernelHome.SHIPPED_RECORD));
        Files.write(home.moduleDirectory().resolve("e100.jar"), new byte[] {6, 6});

        assertEquals(List.of("e100.jar"), home.installModules(shipped));
    }
}
