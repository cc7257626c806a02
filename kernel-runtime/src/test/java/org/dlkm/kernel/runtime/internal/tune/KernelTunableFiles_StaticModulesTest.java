package org.dlkm.kernel.runtime.internal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stand/system} is the kernel's system file for two rooms: its {@code $STATIC} modules are the config room's
 * ({@code mk_kernel}, {@code kmsystem -S}), its {@code $TUNABLE} lines the tunables'. {@code kmtune} reads a file with
 * both and, when it writes the tunables, keeps the static modules as they were.
 */
class KernelTunableFiles_StaticModulesTest {

    @TempDir
    Path stand;

    @Test
    void writingTheTunablesKeepsTheStaticModules() throws Exception {
        Path system = Files.writeString(stand.resolve("system"), "$VERSION\n1\n$$$\n$STATIC\nnfshaper\ne100\n$$$\n"
                + "$TUNABLE\nmaxusers 64\n$$$\n");

        KernelTunableFiles.writeSystem(system, Map.of("maxuprc", "100"));

        String text = Files.readString(system);
        assertTrue(text.contains("$STATIC\nnfshaper\ne100\n$$$\n"), text);
        assertTrue(text.contains("$TUNABLE\nmaxuprc 100\n$$$\n"), text);
        assertEquals(1, KernelTunableFiles.readSystem(system).size());
    }

    @Test
    void aFileWithoutStaticModulesGetsNoStaticSection() throws Exception {
        Path system = stand.resolve("system");

        KernelTunableFiles.writeSystem(system, Map.of("maxusers", "64"));

        assertTrue(!Files.readString(system).contains("$STATIC"), Files.readString(system));
    }
}
