package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ModuleParameterValuesTest {

    private static Map<String, String> e100Values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("speed", "100");
        values.put("debug", "1");
        values.put("quiet", "0");
        values.put("ifname", "lan");
        values.put("rxbytes", "5000000000");
        return values;
    }

    private final ModuleParameterValues values = new ModuleParameterValues(e100Values());

    @Test
    void anIntParameterReadsAsAnInt() {
        assertEquals(100, values.getInt("speed"));
    }

    @Test
    void aLongParameterReadsAsALong() {
        assertEquals(5_000_000_000L, values.getLong("rxbytes"));
    }

    @Test
    void aBooleanIsTrueWhenItsValueIsOne() {
        assertTrue(values.getBoolean("debug"));
    }

    @Test
    void aBooleanIsFalseWhenItsValueIsZero() {
        assertFalse(values.getBoolean("quiet"));
    }

    @Test
    void anyParameterReadsAsItsString() {
        assertEquals("lan", values.getString("ifname"));
        assertEquals("100", values.getString("speed"));
    }

    @Test
    void theMapKeepsTheDeclarationOrder() {
        assertEquals(List.of("speed", "debug", "quiet", "ifname", "rxbytes"), List.copyOf(values.asMap().keySet()));
    }

    @Test
    void theMapCannotBeChanged() {
        assertThrows(UnsupportedOperationException.class, () -> values.asMap().put("speed", "10"));
    }

    @Test
    void laterChangesToTheGivenMapAreNotSeen() {
        Map<String, String> given = e100Values();
        ModuleParameterValues copy = new ModuleParameterValues(given);

        given.put("speed", "10");
        given.put("extra", "1");

        assertEquals(100, copy.getInt("speed"));
        assertEquals(5, copy.asMap().size());
    }

    @Test
    void anUndeclaredParameterIsRefusedNamingTheDeclaredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> values.getInt("duplex"));

        assertEquals("no parameter 'duplex' is declared; declared: [speed, debug, quiet, ifname, rxbytes]",
                e.getMessage());
    }

    @Test
    void everyAccessorRefusesAnUndeclaredParameter() {
        assertThrows(IllegalArgumentException.class, () -> values.getLong("duplex"));
        assertThrows(IllegalArgumentException.class, () -> values.getBoolean("duplex"));
        assertThrows(IllegalArgumentException.class, () -> values.getString("duplex"));
    }

    @Test
    void aModuleWithoutParametersHasAnEmptyMap() {
        assertEquals(Map.of(), new ModuleParameterValues(Map.of()).asMap());
    }
}
