package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What kmadmin says of a module's threads: {@code -Q} lists them, {@code -U} names those it had to interrupt. */
class Kmadmin_ThreadsTest {

    private final FakeKernel kernel = new FakeKernel();
    private final Kmadmin kmadmin = new Kmadmin(kernel, null);

    @Test
    void queryEndsWithTheModulesThreads() {
        kernel.loaded.add(FakeKernel.withThreads(FakeKernel.module(2, "e100", "vmnic", 13, false, List.of("vmnic0")),
                List.of("dlkm-e100-watchdog", "rogue-1")));

        String out = kmadmin.run("-Q", "e100");

        assertTrue(out.endsWith("\nThreads                 dlkm-e100-watchdog, rogue-1"), out);
    }

    @Test
    void queryOfAModuleWithoutThreadsSaysNone() {
        kernel.loaded.add(FakeKernel.module(2, "nfshaper", "nfshaper", 13, false, List.of()));

        assertTrue(kmadmin.run("-Q", "nfshaper").endsWith("\nThreads                 none"));
    }

    @Test
    void queryOfAModuleWhoseImageMovesAtShutdownSaysSo() {
        kernel.loaded.add(FakeKernel.module(2, "e100", "vmnic", 13, false, List.of("vmnic0")));
        Kmadmin pending = new Kmadmin(kernel, null, () -> List.of("e100"));

        assertTrue(pending.run("-Q", "e100").endsWith("\nThreads                 none\nPending Update          kmupdate -M:"
                + " its configured image is moved into place and registered at the next shutdown"));
        assertTrue(kmadmin.run("-Q", "e100").endsWith("\nThreads                 none"));
    }

    @Test
    void anUnloadThatInterruptedThreadsNamesThem() {
        kernel.loaded.add(FakeKernel.module(4, "rogue", "rogue", 15, false, List.of()));
        kernel.interrupted = List.of("rogue-1");

        assertEquals("Module rogue unloaded\nInterrupted threads still running at unload: rogue-1",
                kmadmin.run("-U", "rogue"));
    }

    @Test
    void anUnloadThatInterruptedNothingPrintsOneLine() {
        kernel.loaded.add(FakeKernel.module(4, "nfshaper", "nfshaper", 15, false, List.of()));

        assertEquals("Module nfshaper unloaded", kmadmin.run("-U", "nfshaper"));
    }
}
