package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelHome_LayoutTest {

    @TempDir
    Path tmp;

    private final List<LockedHome> locked = new ArrayList<>();

    @AfterEach
    void releaseTheLocks() {
        locked.forEach(LockedHome::close);
    }

    private KernelHome prepare(Path directory) throws LauncherException {
        LockedHome home = LockedHome.prepare(directory);
        locked.add(home);
        return home.home;
    }

    @Test
    void aNewHomeGetsEveryDirectoryAndAnEmptyLoadmods() throws Exception {
        KernelHome home = prepare(tmp.resolve("var"));

        for (String directory : KernelHome.DIRECTORIES) {
            assertTrue(Files.isDirectory(tmp.resolve("var").resolve(directory)), directory);
        }
        assertEquals(0, Files.size(tmp.resolve("var/etc/loadmods")));
        assertEquals(tmp.resolve("var/vmkmod"), home.moduleDirectory());
        assertEquals(tmp.resolve("var/felix-cache"), home.frameworkStorage());
    }

    @Test
    void theRootIsAbsoluteAndNormalized() throws Exception {
        KernelHome home = prepare(tmp.resolve("a/../var"));

        assertEquals(tmp.resolve("var"), home.root());
        assertTrue(home.root().isAbsolute());
    }

    @Test
    void anExistingLoadmodsIsKept() throws Exception {
        Files.createDirectories(tmp.resolve("var/etc"));
        Files.writeString(tmp.resolve("var/etc/loadmods"), "vmklinux\ne100\n");

        prepare(tmp.resolve("var"));

        assertEquals("vmklinux\ne100\n", Files.readString(tmp.resolve("var/etc/loadmods")));
    }

    @Test
    void preparingTwiceChangesNothing() throws Exception {
        try (LockedHome first = LockedHome.prepare(tmp.resolve("var"))) {
            Files.writeString(tmp.resolve("var/stand/system"), "tunables");
        }

        prepare(tmp.resolve("var"));

        assertEquals("tunables", Files.readString(tmp.resolve("var/stand/system")));
    }

    @Test
    void aFileWhereADirectoryBelongsIsRefusedNamingIt() throws IOException {
        Files.createDirectories(tmp.resolve("var"));
        Files.writeString(tmp.resolve("var/stand"), "not a directory");

        LauncherException e = assertThrows(LauncherException.class, () -> prepare(tmp.resolve("var")));

        assertEquals("cannot lay out the kernel home " + tmp.resolve("var") + ": " + tmp.resolve("var/stand")
                + ": exists and is not a directory", e.getMessage());
    }
}
