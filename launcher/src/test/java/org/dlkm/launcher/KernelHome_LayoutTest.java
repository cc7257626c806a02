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

        KernelBootException e = assertThrows(KernelBootException.class, () -> prepare(tmp.resolve("var")));

        assertEquals(tmp.resolve("var/stand") + ": not a directory but a regular file: dlkm keeps the kernel home's"
                + " files there; remove the file and dlkm creates the directory again", e.getMessage());
        assertEquals("not a directory", Files.readString(tmp.resolve("var/stand")));
    }

    @Test
    void theFrameworkCacheIsEmptiedAndTheRestOfTheHomeKept() throws Exception {
        try (LockedHome first = LockedHome.prepare(tmp.resolve("var"))) {
            Files.createDirectories(tmp.resolve("var/felix-cache/bundle3/data"));
            Files.writeString(tmp.resolve("var/felix-cache/bundle3/data/state"), "old");
            Files.writeString(tmp.resolve("var/stand/system"), "tunables");
        }

        KernelHome home = prepare(tmp.resolve("var"));

        try (var entries = Files.list(home.frameworkStorage())) {
            assertEquals(0, entries.count());
        }
        assertEquals("tunables", Files.readString(tmp.resolve("var/stand/system")));
    }

    @Test
    void aFrameworkCacheThatIsAFileIsRefusedNamingItAndLeftAlone() throws Exception {
        Files.createDirectories(tmp.resolve("var"));
        Files.writeString(tmp.resolve("var/felix-cache"), "a file");

        KernelBootException e = assertThrows(KernelBootException.class, () -> prepare(tmp.resolve("var")));

        assertEquals(tmp.resolve("var/felix-cache") + ": not a directory but a regular file: dlkm keeps the"
                + " framework's cache there; remove the file and dlkm creates the directory again", e.getMessage());
        assertEquals("a file", Files.readString(tmp.resolve("var/felix-cache")));
    }
}
