package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a module jar without installing it: what is refused, and that the refusal names the real cause. */
class ModuleJar_ReadTest {

    private static final String MASTER = "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\nplain misc\n$$$\n";

    @TempDir
    Path dir;

    private Path jar(String file, byte[] master) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(ModuleJar.MODULE_CLASS_HEADER, "org.example.Plain");
        Path jar = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry(ModuleJar.MASTER_ENTRY));
            zip.write(master);
            zip.closeEntry();
        }
        return jar;
    }

    @Test
    void aModuleJarIsRead() throws Exception {
        ModuleJar jar = ModuleJar.read(jar("plain.jar", MASTER.getBytes(StandardCharsets.UTF_8)));

        assertEquals("plain", jar.name());
        assertEquals(MASTER, jar.masterText());
    }

    @Test
    void aMasterFileThatIsNotUtf8IsRefusedNamingTheByte() throws Exception {
        Path jar = jar("latin1.jar", ("* carte r\u00e9seau\n" + MASTER).getBytes(StandardCharsets.ISO_8859_1));

        KernelException e = assertThrows(KernelException.class, () -> ModuleJar.read(jar));

        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals("latin1.jar!/META-INF/dlkm/master: line 1: byte 0xE9 at byte 10 of the line is not UTF-8; save"
                + " the file as UTF-8", e.getMessage());
    }

    @Test
    void aMasterFileWithAByteOrderMarkIsRefusedNamingIt() throws Exception {
        Path jar = jar("bom.jar", ("\ufeff" + MASTER).getBytes(StandardCharsets.UTF_8));

        KernelException e = assertThrows(KernelException.class, () -> ModuleJar.read(jar));

        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals("bom.jar!/META-INF/dlkm/master: line 1: U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark) at"
                + " column 1: outside comments a master file is printable ASCII, its fields separated by spaces or"
                + " tabs; remove or retype that character", e.getMessage());
    }

    @Test
    void aPathWithANameTooLongForAFileSystemIsRefusedAsSuchNotAsMissing() {
        Path jar = dir.resolve("m".repeat(256) + ".jar");

        KernelException e = assertThrows(KernelException.class, () -> ModuleJar.read(jar));

        assertEquals(Errno.ENAMETOOLONG, e.errno());
        assertEquals(jar + ": file name too long: a name in it is 260 bytes, and a file name has at most 255; rename"
                + " the file or directory", e.getMessage());
    }

    @Test
    void aNameIsMeasuredInBytesNotCharacters() {
        Path jar = dir.resolve("é".repeat(126) + ".jar");

        KernelException e = assertThrows(KernelException.class, () -> ModuleJar.read(jar));

        assertEquals(Errno.ENAMETOOLONG, e.errno());
        assertEquals(jar + ": file name too long: a name in it is 256 bytes, and a file name has at most 255; rename"
                + " the file or directory", e.getMessage());
    }

    @Test
    void aMissingJarIsNoSuchFile() {
        KernelException e = assertThrows(KernelException.class, () -> ModuleJar.read(dir.resolve("absent.jar")));

        assertEquals(Errno.ENOENT, e.errno());
    }
}
