package org.dlkm.kernel.runtime.internal.autoload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which object classes a listener's filter asks for: what the service hooks take as demand. */
class ServiceDemand_FilterTest {

    @Test
    void aPlainObjectClassFilterAsksForThatClass() {
        assertEquals(List.of("org.acme.Greeter"), ServiceDemand.objectClasses("(objectClass=org.acme.Greeter)"));
    }

    @Test
    void aClassInsideAConjunctionWithPropertiesIsAskedFor() {
        assertEquals(List.of("org.acme.Greeter"),
                ServiceDemand.objectClasses("(&(objectClass=org.acme.Greeter)(dlkm.test=greeter))"));
    }

    @Test
    void theAttributeNameIsCaseInsensitiveAndSpacesAroundAreAllowed() {
        assertEquals(List.of("org.acme.Greeter"), ServiceDemand.objectClasses("( OBJECTCLASS = org.acme.Greeter )"));
    }

    @Test
    void everyClassOfADisjunctionIsAskedFor() {
        assertEquals(List.of("org.acme.A", "org.acme.B"),
                ServiceDemand.objectClasses("(|(objectClass=org.acme.A)(objectClass=org.acme.B))"));
    }

    @Test
    void aWildcardOrNoFilterAsksForNoClass() {
        assertEquals(List.of(), ServiceDemand.objectClasses("(objectClass=org.acme.*)"));
        assertEquals(List.of(), ServiceDemand.objectClasses(null));
        assertEquals(List.of(), ServiceDemand.objectClasses("(dlkm.test=greeter)"));
    }
}
