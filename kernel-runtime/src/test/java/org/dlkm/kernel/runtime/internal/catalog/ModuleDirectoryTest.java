package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleDirectoryTest {

    @TempDir
    Path home;

    private Path vmkmod() throws Exception {
        Path dir = Files.createDirectories(home.resolve("vmkmod"));
        Files.writeString(dir.resolve("e100.jar"), "jar");
        Files.writeString(dir.resolve("aic7xxx.jar"), "jar");
        Files.writeString(dir.resolve("vmklinux.jar"), "jar");
        Files.writeString(dir.resolve("README"), "not a module");
        return dir;
    }

    // moduleName

    @Test
    void aBareNameIsTheModuleName() {
        assertEquals(Optional.of("e100"), ModuleDirectory.moduleName("e100"));
    }

    @Test
    void theDotOSuffixIsDropped() {
        assertEquals(Optional.of("e100"), ModuleDirectory.moduleName("e100.o"));
    }

    @Test
    void theSeedsModuleDirectoryIsDropped() {
        assertEquals(Optional.of("e100"), ModuleDirectory.moduleName("/usr/lib/vmware/vmkmod/e100.o"));
    }

    @Test
    void anyDirectoryIsDropped() {
        assertEquals(Optional.of("e100"), ModuleDirectory.moduleName("~/modules/e100.o"));
    }

    @Test
    void surroundingBlanksAreDropped() {
        assertEquals(Optional.of("e100"), ModuleDirectory.moduleName("  e100.o "));
    }

    @Test
    void aJarHasNoModuleNameOfItsOwn() {
        assertEquals(Optional.empty(), ModuleDirectory.moduleName("x.jar"));
        assertEquals(Optional.empty(), ModuleDirectory.moduleName("/tmp/build/e100-1.2.jar"));
    }

    // resolve

    @Test
    void everySpellingOfAModuleResolvesToItsJarInTheDirectory() throws Exception {
        Path dir = vmkmod();
        ModuleDirectory modules = new ModuleDirectory(dir);

        for (String binary : List.of("e100", "e100.o", "/usr/lib/vmware/vmkmod/e100.o", "~/modules/e100.o")) {
            assertEquals(dir.resolve("e100.jar"), modules.resolve(binary), binary);
        }
    }

    @Test
    void anUnknownModuleIsNoSuchEntryAndTheMessageListsTheAvailableModules() throws Exception {
        Path dir = vmkmod();

        KernelException e = assertThrows(KernelException.class, () -> new ModuleDirectory(dir).resolve("tulip.o"));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("module binary tulip.o: no module 'tulip' in the module directory " + dir
                + " (available: aic7xxx, e100, vmklinux)", e.getMessage());
    }

    @Test
    void anEmptyDirectoryHasNoModulesAvailable() throws Exception {
        Path dir = Files.createDirectories(home.resolve("vmkmod"));

        KernelException e = assertThrows(KernelException.class, () -> new ModuleDirectory(dir).resolve("e100"));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("module binary e100: no module 'e100' in the module directory " + dir + " (available: none)",
                e.getMessage());
    }

    @Test
    void aMissingDirectoryHasNoModulesAvailable() {
        ModuleDirectory modules = new ModuleDirectory(home.resolve("absent"));

        KernelException e = assertThrows(KernelException.class, () -> modules.resolve("e100"));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(List.of(), modules.available());
    }

    @Test
    void theAvailableModulesAreTheSortedJarNames() throws Exception {
        assertEquals(List.of("aic7xxx", "e100", "vmklinux"), new ModuleDirectory(vmkmod()).available());
    }

    @Test
    void aNameWithCharactersNoModuleNameHasIsRefused() throws Exception {
        ModuleDirectory modules = new ModuleDirectory(vmkmod());

        KernelException e = assertThrows(KernelException.class, () -> modules.resolve("e 100"));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("module binary e 100: not a module name", e.getMessage());
    }

    @Test
    void aPathEndingInASlashNamesNoModule() throws Exception {
        ModuleDirectory modules = new ModuleDirectory(vmkmod());

        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> modules.resolve("vmkmod/")).errno());
    }

    @Test
    void aJarPathResolvesToThatJarWhereverItIs() throws Exception {
        Path jar = Files.writeString(Files.createDirectories(home.resolve("build")).resolve("e100-1.2.jar"), "jar");

        Path resolved = new ModuleDirectory(vmkmod()).resolve(jar.toString());

        assertEquals(jar.toAbsolutePath().normalize(), resolved);
    }

    @Test
    void aJarPathIsNormalised() throws Exception {
        Path jar = Files.writeString(Files.createDirectories(home.resolve("build")).resolve("e100.jar"), "jar");

        Path resolved = new ModuleDirectory(vmkmod()).resolve(home.resolve("build/../build/./e100.jar").toString());

        assertEquals(jar.toAbsolutePath().normalize(), resolved);
    }

    @Test
    void aMissingJarIsNoSuchFile() throws Exception {
        String missing = home.resolve("build/e100.jar").toString();

        KernelException e = assertThrows(KernelException.class, () -> new ModuleDirectory(vmkmod()).resolve(missing));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("module binary " + missing + ": no such file", e.getMessage());
    }

    @Test
    void aDirectoryNamedLikeAJarIsNoSuchFile() throws Exception {
        Path notAFile = Files.createDirectories(home.resolve("e100.jar"));

        KernelException e = assertThrows(KernelException.class,
                () -> new ModuleDirectory(vmkmod()).resolve(notAFile.toString()));

        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void aJarWhoseNameIsTooLongForAFileSystemIsRefusedAsSuchNotAsMissing() throws Exception {
        String binary = home.resolve("a".repeat(300) + ".jar").toString();

        KernelException e = assertThrows(KernelException.class, () -> new ModuleDirectory(vmkmod()).resolve(binary));

        assertEquals(Errno.ENAMETOOLONG, e.errno());
        assertEquals("module binary " + binary + ": file name too long: a name in it is 304 bytes, and a file name has"
                + " at most 255; rename the file or directory", e.getMessage());
    }

    @Test
    void aModuleNameTooLongForAFileNameIsRefusedAsSuch() throws Exception {
        String binary = "/usr/lib/vmware/vmkmod/" + "e".repeat(252) + ".o";

        KernelException e = assertThrows(KernelException.class, () -> new ModuleDirectory(vmkmod()).resolve(binary));

        assertEquals(Errno.ENAMETOOLONG, e.errno());
        assertEquals("module binary " + binary + ": file name too long: a name in it is 256 bytes, and a file name has"
                + " at most 255; rename the file or directory", e.getMessage());
    }

    @Test
    void aNameOfTheLongestLengthIsLookedFor() throws Exception {
        String binary = "e".repeat(251) + ".o";

        KernelException e = assertThrows(KernelException.class, () -> new ModuleDirectory(vmkmod()).resolve(binary));

        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void noBinaryIsAnInvalidArgument() throws Exception {
        ModuleDirectory modules = new ModuleDirectory(vmkmod());

        KernelException blank = assertThrows(KernelException.class, () -> modules.resolve(" "));
        KernelException absent = assertThrows(KernelException.class, () -> modules.resolve(null));

        assertEquals(Errno.EINVAL, blank.errno());
        assertEquals("no module binary given", blank.getMessage());
        assertEquals(Errno.EINVAL, absent.errno());
    }

    @Test
    void theDirectoryIsTheOneGiven() throws Exception {
        Path dir = vmkmod();

        assertEquals(dir, new ModuleDirectory(dir).directory());
    }
}
