package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.runtime.internal.catalog.LoadPlan.Reason;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan.Step;
import org.junit.jupiter.api.Test;

class LoadPlanTest {

    @Test
    void theTargetStepHasNoDependent() {
        Step step = Step.target("e100");

        assertEquals(Reason.TARGET, step.reason());
        assertEquals(Optional.empty(), step.dependent());
        assertEquals("e100 (target)", step.toString());
    }

    @Test
    void aDependencyStepNamesTheModuleWhoseSectionNamesIt() {
        Step step = Step.dependencyOf("vmklinux", "e100");

        assertEquals(Optional.of("e100"), step.dependent());
        assertEquals("dependency of e100, $DRIVER_DEPENDENCY", step.why());
    }

    @Test
    void aProviderStepNamesTheModuleThatImports() {
        assertEquals("provides symbols to e100", Step.providerTo("vmklinux", "e100").why());
    }

    @Test
    void onlyTheTargetMayLackADependent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Step("vmklinux", Reason.DEPENDENCY, null));
        assertTrue(e.getMessage().contains("vmklinux"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new Step("e100", Reason.TARGET, "nfshaper"));
        assertThrows(NullPointerException.class, () -> Step.providerTo("vmklinux", null));
    }

    @Test
    void thePlanLoadsTheTargetLastAndOnce() {
        LoadPlan plan = new LoadPlan("e100", List.of(Step.dependencyOf("vmklinux", "e100"), Step.target("e100")),
                List.of());

        assertEquals(List.of("vmklinux", "e100"), plan.modules());
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan("e100", List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new LoadPlan("e100", List.of(Step.target("e100"), Step.dependencyOf("vmklinux", "e100")),
                        List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new LoadPlan("e100", List.of(Step.target("e100"), Step.target("e100")), List.of()));
    }
}
