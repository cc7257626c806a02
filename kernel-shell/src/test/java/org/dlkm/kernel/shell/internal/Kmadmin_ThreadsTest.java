package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * What kmadmin says of a module's threads, its holders and its origin: {@code -Q} lists them, {@code -U} names the
 * threads it had to interrupt.
 */
class Kmadmin_ThreadsTest {

    private final FakeKernel kernel = new FakeKernel();
    private final Kmadmin kmadmin = new Kmadmin(kernel, new FakeCatalog());

    @Test
    void queryEndsWithTheModulesThreads() {
        kernel.loaded.add(FakeKernel.withThreads(FakeKernel.module(2, "e100", "vmnic", 13, false, List.of("vmnic0")),
                List.of("dlkm-e100-watchdog", "rogue-1")));

        String out = kmadmin.run("-Q", "e100");

        assertTrue(out.contains("\nThreads                 dlkm-e100-watchdog, rogue-1\n"), out);
    }

    @Test
    void queryOfAModuleWithoutThreadsSaysNone() {
        kernel.loaded.add(FakeKernel.module(2, "nfshaper", "nfshaper", 13, false, List.of()));

        assertTrue(kmadmin.run("-Q", "nfshaper").contains("\nThreads                 none\n"));
    }

    @Test
    void queryEndsWithHowTheModuleWasLoaded() {
        kernel.loaded.add(FakeKernel.module(2, "nfshaper", "nfshaper", 13, false, List.of()));

        assertTrue(kmadmin.run("-Q", "nfshaper").endsWith("\nThreads                 none\nLoaded By               load"
                + " request"));
    }

    @Test
    void queryNamesTheServiceUsersAmongTheHolders() {
        org.dlkm.kernel.ModuleInfo m = FakeKernel.module(2, "greeter", "greeter", 13, false, List.of());
        kernel.loaded.add(new org.dlkm.kernel.ModuleInfo(m.id(), m.name(), m.tag(), m.path(), m.type(),
                m.description(), m.version(), m.state(), m.bundleId(), m.exportSymbols(), m.exportedPackages(),
                m.parameters(), m.devices(), m.dependsOn(), m.dependents(), m.holders(), m.size(), m.loadedAt(),
                m.typeLabel(), m.staticallyConfigured(), m.blockMajor(), m.charMajor(), m.threads(),
                List.of("org.acme.Greeter by bundle org.acme.client [23]"), "autoload: service org.acme.Greeter, for"
                        + " bundle org.acme.client [23]"));

        String out = kmadmin.run("-Q", "greeter");

        assertTrue(out.contains("\nHold Count              1\n"), out);
        assertTrue(out.endsWith("\nHeld By                 service org.acme.Greeter by bundle org.acme.client [23]"
                + "\nLoaded By               autoload: service org.acme.Greeter, for bundle org.acme.client [23]"), out);
    }

    @Test
    void queryOfAModuleWhoseImageMovesAtShutdownSaysSo() {
        kernel.loaded.add(FakeKernel.module(2, "e100", "vmnic", 13, false, List.of("vmnic0")));
        Kmadmin pending = new Kmadmin(kernel, new FakeCatalog(), name -> name.equals("e100") ? Optional.of("at the next shutdown") : Optional.empty());

        assertTrue(pending.run("-Q", "e100").endsWith("\nLoaded By               load request\nPending Update          kmupdate"
                + " -M: its configured image is moved into place and registered at the next shutdown"));
        assertTrue(kmadmin.run("-Q", "e100").endsWith("\nLoaded By               load request"));
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
