package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.device.PciId;
import org.junit.jupiter.api.Test;

/** {@code kmadmin -Q} and {@code -S} list the PCI devices a driver drives, from its master file's {@code $PCI_ID}. */
class Kmadmin_PciIdsTest {
    private final FakeKernel kernel = new FakeKernel();
    private final FakeCatalog catalog = new FakeCatalog();
    private final Kmadmin kmadmin = new Kmadmin(kernel, catalog);

    private static CatalogEntry entry(String name, List<PciId> ids) {
        return new CatalogEntry(name, "wsio_class", "WSIO", name + " driver", "/var/stand/dlkm/mod.d/" + name + ".jar",
                "/var/usr/conf/master.d/" + name, "/var/stand/system.d/" + name, true, true, Optional.of(true),
                List.of("vmklinux"), -1, -1, -1, List.of("vmnic"), ids);
    }

    @Test
    void aRegisteredDriverThatIsNotLoadedListsItsPciIdsBeforeItsThreads() {
        catalog.entries.add(entry("e100", List.of(new PciId(0x8086, 0x1229), new PciId(0x8086, 0x2449))));

        String out = kmadmin.run("-Q", "e100");

        assertTrue(out.contains("\nType                    WSIO\nPCI IDs                 8086:1229 8086:2449\n"
                + "Threads                 -"), out);
    }

    @Test
    void aLoadedDriverListsThePciIdsOfItsRegistration() {
        catalog.entries.add(entry("e100", List.of(new PciId(0x8086, 0x1229))));
        kernel.loaded.add(FakeKernel.module(2, "e100", "vmnic", 13, false, List.of("vmnic0")));

        String out = kmadmin.run("-Q", "e100");

        assertTrue(out.contains("\nModule ID               2\n"), out);
        assertTrue(out.contains("\nPCI IDs                 8086:1229\nThreads                 none"), out);
    }

    @Test
    void aModuleThatDrivesNoPciDeviceHasNoPciIdsLine() {
        catalog.entries.add(entry("nfshaper", List.of()));

        assertFalse(kmadmin.run("-Q", "nfshaper").contains("PCI IDs"));
    }

    @Test
    void fullStatusListsThemForEveryRegisteredDriver() {
        catalog.entries.add(entry("aic7xxx", List.of(new PciId(0x9005, 0x001f))));
        catalog.entries.add(entry("e100", List.of(new PciId(0x8086, 0x1229))));

        String out = kmadmin.run("-S");

        assertTrue(out.contains("PCI IDs                 9005:001f"), out);
        assertTrue(out.contains("PCI IDs                 8086:1229"), out);
    }
}
