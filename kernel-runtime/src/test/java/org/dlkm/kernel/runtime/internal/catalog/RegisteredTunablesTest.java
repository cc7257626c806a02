package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.MasterFileParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisteredTunablesTest {
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;

    private static MasterFile master() throws Exception {
        return MasterFileParser.parse("aic7xxx", """
                $VERSION
                1
                $$$
                $LOADABLE
                $$$
                $INTERFACE
                base
                $$$
                $TYPE
                aic7xxx misc
                $$$
                $TUNABLE
                aic7xxx_max_targets 16 8 16 static
                aic7xxx_debug 0 0 7 dynamic
                $$$
                """);
    }

    @Test
    void thePlannedValuesAreTheSystemFilesForStaticTunablesOnlyElseTheDefaults() throws Exception {
        assertEquals(Map.of("aic7xxx_max_targets", 16L), RegisteredTunables.planned(master(),
                SystemFile.defaultsFor(master())));
        SystemFile tuned = new SystemFile("aic7xxx", true, Optional.of(true), Map.of("AIC7XXX_MAX_TARGETS", 8L,
                "aic7xxx_debug", 3L));
        assertEquals(Map.of("aic7xxx_max_targets", 8L), RegisteredTunables.planned(master(), tuned));
        assertTrue(RegisteredTunables.declaresStatic(master()));
    }

    @Test
    void whatItWritesReadsBackNamingItsImage() throws Exception {
        Path file = dir.resolve("aic7xxx.tunables");
        new RegisteredTunables(SHA, Map.of("aic7xxx_max_targets", 8L)).write(file, "aic7xxx");
        assertEquals("* aic7xxx.tunables -- the static tunables' values recorded with this image of aic7xxx\n"
                + "image sha256:" + SHA + "\naic7xxx_max_targets 8\n", Files.readString(file));
        RegisteredTunables read = RegisteredTunables.read(file, master()).orElseThrow();
        assertEquals(SHA, read.imageSha256());
        assertEquals(Map.of("aic7xxx_max_targets", 8L), read.values());
        assertFalse(RegisteredTunables.read(dir.resolve("none"), master()).isPresent());
    }

    @Test
    void aFileThatDoesNotFitTheMasterFileIsRefusedWithItsLine() throws Exception {
        assertEquals("f: line 2: the first line is 'image sha256:<64 lower-case hexadecimal digits>', naming the image"
                + " the values belong to; found 'aic7xxx_max_targets 8'",
                refused("* c\naic7xxx_max_targets 8\n").getMessage());
        String head = "image sha256:" + SHA + "\n";
        assertEquals("f: line 2: aic7xxx_max_targets: 32 is outside its bounds [8, 16]",
                refused(head + "aic7xxx_max_targets 32\n").getMessage());
        assertEquals("f: line 2: aic7xxx_debug is dynamic, not static", refused(head + "aic7xxx_debug 1\n")
                .getMessage());
        assertEquals("f: line 2: aic7xxx declares no tunable nosuch", refused(head + "nosuch 1\n").getMessage());
        assertEquals("f: line 1: no value for the static tunable aic7xxx_max_targets", refused(head).getMessage());
        assertEquals(Errno.EINVAL, refused(head).errno());
    }

    private static KernelException refused(String text) {
        return assertThrows(KernelException.class, () -> RegisteredTunables.parse("f", text, master()));
    }
}
