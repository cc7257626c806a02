package org.dlkm.kernel.runtime.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.config.SystemDescription.Tunable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelFileTest {
    @TempDir
    Path dir;

    @Test
    void whatItWritesReadsBackInLoadOrder() throws Exception {
        KernelFile k = new KernelFile(List.of(new KernelFile.Image("vmklinux", "a".repeat(64)),
                new KernelFile.Image("e100", "b".repeat(64))), List.of(new Tunable("maxusers", "64")));
        Path file = dir.resolve("vmunix");
        k.write(file, "/stand/system");
        assertEquals(k, KernelFile.read(file));
        assertEquals(List.of("vmklinux", "e100"), KernelFile.read(file).names());
        assertTrue(Files.readString(file).contains("vmklinux sha256:" + "a".repeat(64) + "\n"));
    }

    @Test
    void aStaticLineWithoutAChecksumIsRefusedWithItsLine() {
        KernelException e = assertThrows(KernelException.class, () -> KernelFile.parse("vmunix",
                "$VERSION\n1\n$$$\n$STATIC\ne100\n$$$\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("vmunix: line 5: a $STATIC line of a kernel file is 'module sha256:"),
                e.getMessage());
    }

    @Test
    void aKernelFileWithoutStaticSectionIsRefused() {
        KernelException e = assertThrows(KernelException.class, () -> KernelFile.parse("vmunix",
                "$VERSION\n1\n$$$\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("has no $STATIC section"), e.getMessage());
    }

    @Test
    void theModuleSetIsCheckedAgainstTheChecksums() throws Exception {
        Path set = Files.createDirectory(dir.resolve("dlkm.vmunix_test"));
        Files.writeString(set.resolve("e100.jar"), "image");
        String sha = org.dlkm.kernel.runtime.internal.catalog.FileDigest.sha256(set.resolve("e100.jar"));
        KernelFile k = new KernelFile(List.of(new KernelFile.Image("e100", sha)), List.of());
        assertEquals(Optional.empty(), k.checkModuleSet(set));
        Files.writeString(set.resolve("e100.jar"), "changed");
        assertTrue(k.checkModuleSet(set).orElseThrow().contains("not the " + sha));
        Files.delete(set.resolve("e100.jar"));
        assertTrue(k.checkModuleSet(set).orElseThrow().contains("missing from the kernel's module set"));
    }
}
