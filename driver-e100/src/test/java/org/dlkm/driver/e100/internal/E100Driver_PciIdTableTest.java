package org.dlkm.driver.e100.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.device.PciId;
import org.dlkm.kernel.runtime.internal.master.MasterFileParser;
import org.junit.jupiter.api.Test;

/**
 * The kernel chooses e100 for a card (hot-plug, a device open) by the {@code $PCI_ID} section of its master file,
 * without loading it; the driver binds the cards of {@link E100Driver#IDS}. The two must be the same table.
 */
class E100Driver_PciIdTableTest {

    @Test
    void theMasterFileDeclaresExactlyTheCardsTheDriverMatchesInTheSameOrder() throws Exception {
        Path master = Path.of("src/main/dlkm/master");
        List<PciId> declared = MasterFileParser.parse(master.toString(), Files.readString(master)).pciIds();
        List<PciId> matched = E100Driver.IDS.stream().map(id -> new PciId(id.vendor(), id.device())).toList();

        assertFalse(matched.isEmpty());
        assertEquals(matched, declared, master + "'s $PCI_ID and E100Driver.IDS differ: change both together");
    }
}
