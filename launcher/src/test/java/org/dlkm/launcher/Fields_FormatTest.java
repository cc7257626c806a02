package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class Fields_FormatTest {

    @Test
    void fieldsAreNameEqualsValueLinesInOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("status", "0");
        fields.put("reason", "done");

        assertEquals("status=0\nreason=done\n", Fields.format(fields));
        assertEquals(fields, Fields.parse("status=0\nreason=done\n"));
    }

    @Test
    void anyTextSurvivesTheTripNewlinesAndBackslashesIncluded() {
        Map<String, String> fields = Map.of("message", "line one\nline two \\n not a newline = still the value");

        assertEquals(fields, Fields.parse(Fields.format(fields)));
    }

    @Test
    void aLineWithoutANameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Fields.parse("=value\n"));
        assertThrows(IllegalArgumentException.class, () -> Fields.parse("no equals sign\n"));
    }
}
