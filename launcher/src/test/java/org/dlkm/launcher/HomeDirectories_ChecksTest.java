package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel home's directories: created as {@code mkdir -p} would, refused naming the path at fault and why. */
class HomeDirectories_ChecksTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingHomeIsCreatedWithItsMissingParents() throws Exception {
        HomeDirectories.create(tmp.resolve("a/b/var"));

        assertTrue(Files.isDirectory(tmp.resolve("a/b/var")));
    }

    @Test
    void aHomeThatIsARegularFileIsRefusedNamingItAndLeftAlone() throws Exception {
        Path home = Files.writeString(tmp.resolve("var"), "text");

        KernelBootException e = assertThrows(KernelBootException.class, () -> HomeDirectories.create(home));

        assertEquals(home + ": not a directory but a regular file: the kernel home must be a directory; remove the"
                + " file or choose another home with --home DIR", e.getMessage());
        assertEquals("text", Files.readString(home));
    }

    @Test
    void aHomeUnderARegularFileIsRefusedNamingTheFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "text");

        KernelBootException e = assertThrows(KernelBootException.class,
                () -> HomeDirectories.create(file.resolve("a/var")));

        assertEquals(file + ": not a directory but a regular file, so the kernel home " + file.resolve("a/var")
                + " cannot be created in it; choose another home with --home DIR", e.getMessage());
    }

    @Test
    void aDirectoryThisUserCannotWriteIsRefusedWithItsMode() throws Exception {
        assumeFalse(FileOwner.currentUid() == 0, "root may write any directory; BootErrorsAsAnotherUserIT checks"
                + " this as an unprivileged user");
        Path home = Files.createDirectory(tmp.resolve("var"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));

        KernelBootException e = assertThrows(KernelBootException.class,
                () -> HomeDirectories.requireUsable(home, "the kernel home"));

        assertEquals(home + ": permission denied: you (user ID " + FileOwner.currentUid() + ") cannot write it (mode"
                + " r-x------), and dlkm reads and writes the kernel home; give yourself access with chmod u+rwx "
                + home + ", or choose another home with --home DIR", e.getMessage());
    }
}
