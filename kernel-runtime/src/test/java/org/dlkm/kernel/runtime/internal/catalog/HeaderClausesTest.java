package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlkm.kernel.runtime.internal.catalog.HeaderClauses.Clause;
import org.junit.jupiter.api.Test;

class HeaderClausesTest {

    @Test
    void aNullHeaderHasNoClauses() {
        assertEquals(List.of(), HeaderClauses.parse(null));
    }

    @Test
    void aBlankHeaderHasNoClauses() {
        assertEquals(List.of(), HeaderClauses.parse("  \t "));
    }

    @Test
    void clausesAreSeparatedByCommasAndKeepTheirOrder() {
        List<Clause> clauses = HeaderClauses.parse("org.dlkm.vmklinux.net, org.dlkm.vmklinux.pci ,org.dlkm.vmklinux.scsi");

        assertEquals(List.of("org.dlkm.vmklinux.net", "org.dlkm.vmklinux.pci", "org.dlkm.vmklinux.scsi"),
                clauses.stream().map(Clause::name).toList());
    }

    @Test
    void aClauseWithoutAttributesHasAnEmptyAttributeMap() {
        assertEquals(List.of(new Clause("speed", Map.of())), HeaderClauses.parse("speed"));
    }

    @Test
    void attributesFollowTheNameSeparatedBySemicolonsInOrder() {
        Clause clause = HeaderClauses.parse("speed; type=int ;min=0; max = 100;default=0").get(0);

        assertEquals("speed", clause.name());
        assertEquals(List.of("type", "min", "max", "default"), List.copyOf(clause.attributes().keySet()));
        assertEquals(Map.of("type", "int", "min", "0", "max", "100", "default", "0"), clause.attributes());
    }

    @Test
    void aDirectiveKeepsItsColonOnTheKey() {
        Clause clause = HeaderClauses.parse("org.osgi.framework;resolution:=optional;version=1.10").get(0);

        assertEquals(Map.of("resolution:", "optional", "version", "1.10"), clause.attributes());
    }

    @Test
    void spaceBeforeTheDirectiveColonIsDropped() {
        Clause clause = HeaderClauses.parse("p;resolution :=optional").get(0);

        assertEquals(Map.of("resolution:", "optional"), clause.attributes());
    }

    @Test
    void aQuotedValueLosesItsQuotes() {
        Clause clause = HeaderClauses.parse("p;version=\"[1.0,2.0)\"").get(0);

        assertEquals("[1.0,2.0)", clause.attributes().get("version"));
    }

    @Test
    void aQuotedValueKeepsItsCommas() {
        List<Clause> clauses = HeaderClauses.parse("speed;description=\"10, 100 or 1000\",duplex");

        assertEquals(2, clauses.size());
        assertEquals("10, 100 or 1000", clauses.get(0).attributes().get("description"));
        assertEquals("duplex", clauses.get(1).name());
    }

    @Test
    void severalQuotedValuesInSeveralClausesEachKeepTheirCommas() {
        List<Clause> clauses = HeaderClauses.parse(
                "org.dlkm.a;uses:=\"org.dlkm.b,org.dlkm.c\";version=\"1.0\",org.dlkm.d;uses:=\"org.dlkm.e,x\",\"\"");

        assertEquals(List.of("org.dlkm.a", "org.dlkm.d", "\"\""), clauses.stream().map(Clause::name).toList());
        assertEquals(Map.of("uses:", "org.dlkm.b,org.dlkm.c", "version", "1.0"), clauses.get(0).attributes());
        assertEquals(Map.of("uses:", "org.dlkm.e,x"), clauses.get(1).attributes());
    }

    @Test
    void aQuotedValueKeepsItsSemicolons() {
        Clause clause = HeaderClauses.parse("speed;description=\"link speed; 0 negotiates\";default=0").get(0);

        assertEquals("link speed; 0 negotiates", clause.attributes().get("description"));
        assertEquals("0", clause.attributes().get("default"));
    }

    @Test
    void aValueMayContainEqualsSigns() {
        Clause clause = HeaderClauses.parse("p;filter=\"(a=b)\";x=y=z").get(0);

        assertEquals("(a=b)", clause.attributes().get("filter"));
        assertEquals("y=z", clause.attributes().get("x"));
    }

    @Test
    void emptyClausesAreSkipped() {
        List<Clause> clauses = HeaderClauses.parse("a,, ,b,");

        assertEquals(List.of("a", "b"), clauses.stream().map(Clause::name).toList());
    }

    @Test
    void anUnterminatedQuoteIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeaderClauses.parse("speed;description=\"link speed, in Mbit/s"));

        assertTrue(e.getMessage().startsWith("unterminated quote in '"), e.getMessage());
    }

    @Test
    void anUnterminatedQuoteInsideOneClauseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HeaderClauses.parse("a;x=\"1, b;y=2"));
    }

    @Test
    void anAttributeWithoutAValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeaderClauses.parse("speed;type=int;optional"));

        assertEquals("attribute without a name=value in 'speed;type=int;optional'", e.getMessage());
    }

    @Test
    void anAttributeWithoutANameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HeaderClauses.parse("speed;=int"));
    }
}
