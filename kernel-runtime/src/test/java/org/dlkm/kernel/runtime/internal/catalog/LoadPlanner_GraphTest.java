package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.dlkm.kernel.runtime.internal.master.InterfaceSpec;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.ModuleType;
import org.junit.jupiter.api.Test;

/**
 * Every plan and refusal of {@link LoadPlannerTest}, planned the way the kernel plans: on the dependency graph of the
 * whole catalog, numbered once, rather than by exploring from the target. Plus the graph's own numbering.
 */
class LoadPlanner_GraphTest extends LoadPlannerTest {

    @Override
    LoadPlanner planner() {
        return new LoadPlanner(DependencyGraph.of(catalog.values(), name -> providers.getOrDefault(name, Set.of())));
    }

    private static MasterFile master(String name, boolean loadable, String... dependencies) {
        return new MasterFile(name, ModuleType.MISC, List.of(), loadable, false,
                List.of(new InterfaceSpec(InterfaceSpec.BASE, "")), List.of(dependencies), List.of(), List.of());
    }

    @Test
    void theGraphNumbersModulesAndTheNamesTheyNeedThatAreNotCatalogued() {
        DependencyGraph g = DependencyGraph.of(List.of(master("e100", true, "vmklinux", "pci"), master("pci", false)),
                name -> name.equals("e100") ? Set.of("netcore", "e100") : Set.of());

        assertEquals(4, g.size());
        int e100 = g.indexOf("e100");
        assertTrue(g.catalogued(e100));
        assertTrue(g.loadable(e100));
        assertFalse(g.loadable(g.indexOf("pci")));
        assertFalse(g.catalogued(g.indexOf("vmklinux")));
        assertFalse(g.catalogued(g.indexOf("netcore")));
        assertEquals(-1, g.indexOf("nfshaper"));
    }

    @Test
    void aModulesDependenciesAreSortedOnceEachWithoutItselfAndKnowWhetherTheyAreDeclared() {
        DependencyGraph g = DependencyGraph.of(List.of(master("e100", true, "vmklinux", "pci", "vmklinux")),
                name -> Set.of("netcore", "pci", "e100"));

        int e100 = g.indexOf("e100");
        assertEquals(3, g.dependencyCount(e100));
        assertEquals("netcore", g.name(g.dependency(e100, 0)));
        assertFalse(g.declared(e100, 0));
        assertEquals("pci", g.name(g.dependency(e100, 1)));
        assertTrue(g.declared(e100, 1), "declared and a provider: declared wins");
        assertEquals("vmklinux", g.name(g.dependency(e100, 2)));
        assertTrue(g.declared(e100, 2));
    }
}
