package org.dlkm.kernel.runtime.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.runtime.internal.config.KernelMoves.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelMovesTest {
    @TempDir
    Path home;

    private List<Op> install() {
        Path stand = home.resolve("stand");
        return List.of(Op.delete(stand.resolve("vmunix.prev")), Op.delete(stand.resolve("dlkm.vmunix.prev")),
                Op.move(stand.resolve("dlkm/vmunix.d"), stand.resolve("dlkm.vmunix.prev")),
                Op.move(stand.resolve("vmunix"), stand.resolve("vmunix.prev")),
                Op.move(stand.resolve("build/dlkm.vmunix_test"), stand.resolve("dlkm/vmunix.d")),
                Op.move(stand.resolve("build/vmunix_test"), stand.resolve("vmunix")));
    }

    private void layOut() throws Exception {
        Path stand = home.resolve("stand");
        Files.createDirectories(stand.resolve("dlkm/vmunix.d"));
        Files.createDirectories(stand.resolve("dlkm/mod.d"));
        Files.createDirectories(stand.resolve("build/dlkm.vmunix_test"));
        Files.createDirectories(stand.resolve("dlkm.vmunix.prev"));
        Files.writeString(stand.resolve("dlkm.vmunix.prev/old.jar"), "oldest");
        Files.writeString(stand.resolve("vmunix.prev"), "oldest");
        Files.writeString(stand.resolve("vmunix"), "old");
        Files.writeString(stand.resolve("dlkm/vmunix.d/e100.jar"), "old");
        Files.writeString(stand.resolve("dlkm/mod.d/e100.jar"), "catalog");
        Files.writeString(stand.resolve("build/vmunix_test"), "new");
        Files.writeString(stand.resolve("build/dlkm.vmunix_test/e100.jar"), "new");
    }

    private void assertInstalled() throws Exception {
        Path stand = home.resolve("stand");
        assertEquals("new", Files.readString(stand.resolve("vmunix")));
        assertEquals("new", Files.readString(stand.resolve("dlkm/vmunix.d/e100.jar")));
        assertEquals("old", Files.readString(stand.resolve("vmunix.prev")));
        assertEquals("old", Files.readString(stand.resolve("dlkm.vmunix.prev/e100.jar")));
        assertFalse(Files.exists(stand.resolve("dlkm.vmunix.prev/old.jar")));
        assertEquals("catalog", Files.readString(stand.resolve("dlkm/mod.d/e100.jar")));
        assertFalse(Files.exists(stand.resolve("build/vmunix_test")));
        assertFalse(Files.exists(stand.resolve("kernel.moves")));
    }

    @Test
    void theInstallMovesTheNewKernelInAndKeepsTheOldAsPrevWithoutTouchingTheCatalog() throws Exception {
        layOut();
        KernelMoves moves = new KernelMoves(home.resolve("stand/kernel.moves"));
        moves.schedule("kmupdate", install());
        assertTrue(moves.pending().isPresent());
        assertTrue(moves.complete());
        assertInstalled();
        assertFalse(moves.complete());
    }

    @Test
    void aJournalInterruptedAfterAnyOperationCompletesToTheSameResult() throws Exception {
        for (int crashAfter = 0; crashAfter <= install().size(); crashAfter++) {
            for (Path p : List.of(home.resolve("stand"))) {
                KernelMoves.deleteTree(p);
            }
            layOut();
            KernelMoves moves = new KernelMoves(home.resolve("stand/kernel.moves"));
            moves.schedule("kmupdate", install());
            // a kill after operation crashAfter - 1 and before the journal said so: that operation is done again
            for (Op op : install().subList(0, crashAfter)) {
                new KernelMoves(home.resolve("other")).run("one", List.of(op));
            }
            Path journal = home.resolve("stand/kernel.moves");
            Files.writeString(journal, Files.readString(journal).replace("step 0", "step "
                    + Math.max(0, crashAfter - 1)));
            assertTrue(new KernelMoves(home.resolve("stand/kernel.moves")).complete());
            assertInstalled();
        }
    }

    @Test
    void aRebuildCancelsAPendingInstallOfThatKernelOnly() throws Exception {
        layOut();
        KernelMoves moves = new KernelMoves(home.resolve("stand/kernel.moves"));
        moves.schedule("kmupdate: test", install());
        assertEquals(java.util.Optional.empty(), moves.cancelIfMoving(List.of(home.resolve("stand/build/other"))));
        assertTrue(moves.pending().isPresent());
        assertEquals(java.util.Optional.of("kmupdate: test"),
                moves.cancelIfMoving(List.of(home.resolve("stand/build/../build/vmunix_test"))));
        assertFalse(moves.pending().isPresent());
        assertEquals("old", Files.readString(home.resolve("stand/vmunix")));
    }
}
