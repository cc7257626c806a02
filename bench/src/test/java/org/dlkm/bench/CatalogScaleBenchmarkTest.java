package org.dlkm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CatalogScaleBenchmarkTest {

    @Test
    void kmadminsStatusIsCountedOneBlockPerModule() {
        String status = "Module Name             m0\nModule ID               -\nStatus                  UNLOADED\n\n"
                + "Module Name             m1\nModule ID               -\nDescription             Module Name is a field\n";
        assertEquals(2, CatalogScaleBenchmark.statusBlocks(status));
        assertEquals(0, CatalogScaleBenchmark.statusBlocks("No modules are registered"));
    }
}
