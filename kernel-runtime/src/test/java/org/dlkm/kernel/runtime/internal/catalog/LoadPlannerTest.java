package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan.Step;
import org.dlkm.kernel.runtime.internal.master.InterfaceSpec;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.ModuleType;
import org.junit.jupiter.api.Test;

class LoadPlannerTest {

    final Map<String, MasterFile> catalog = new HashMap<>();
    final Map<String, Set<String>> providers = new HashMap<>();

    /** The planner under test: here one that explores through lookups; {@link LoadPlanner_GraphTest} numbers first. */
    LoadPlanner planner() {
        return new LoadPlanner(name -> Optional.ofNullable(catalog.get(name)),
                name -> providers.getOrDefault(name, Set.of()));
    }

    private static MasterFile master(String name, boolean loadable, List<String> dependencies) {
        return new MasterFile(name, ModuleType.MISC, List.of(), loadable, false,
                List.of(new InterfaceSpec(InterfaceSpec.BASE, "")), dependencies, List.of(), List.of());
    }

    private void module(String name, String... dependencies) {
        catalog.put(name, master(name, true, List.of(dependencies)));
    }

    private void staticModule(String name, String... dependencies) {
        catalog.put(name, master(name, false, List.of(dependencies)));
    }

    private LoadPlan plan(String target, String... loaded) throws KernelException {
        return planner().plan(target, Set.of(loaded));
    }

    private KernelException refused(Errno errno, String target, String... loaded) {
        KernelException e = assertThrows(KernelException.class, () -> plan(target, loaded));
        assertEquals(errno, e.errno(), e.getMessage());
        return e;
    }

    /** Checks that every module of the plan comes after every dependency of it that is not loaded. */
    private void assertDependenciesFirst(LoadPlan plan, Set<String> loaded) {
        Map<String, Integer> position = new HashMap<>();
        List<String> modules = plan.modules();
        for (int i = 0; i < modules.size(); i++) {
            assertEquals(null, position.put(modules.get(i), i), "loaded twice: " + modules.get(i));
        }
        for (String m : modules) {
            for (String d : catalog.get(m).dependencies()) {
                assertTrue(loaded.contains(d) || position.get(d) != null && position.get(d) < position.get(m),
                        m + " is planned before its dependency " + d);
            }
        }
    }

    // ---- plans

    @Test
    void aModuleWithoutDependenciesIsPlannedAlone() throws Exception {
        module("nfshaper");
        LoadPlan p = plan("nfshaper");
        assertEquals(List.of(Step.target("nfshaper")), p.steps());
        assertEquals(List.of(), p.alreadyLoaded());
        assertEquals(List.of("1. load nfshaper (target)"), p.describe());
    }

    @Test
    void aChainIsPlannedDeepestDependencyFirst() throws Exception {
        module("e100", "vmklinux");
        module("vmklinux", "pci_support");
        module("pci_support");
        LoadPlan p = plan("e100");
        assertEquals(List.of("pci_support", "vmklinux", "e100"), p.modules());
        assertEquals(List.of(
                "1. load pci_support (dependency of vmklinux, $DRIVER_DEPENDENCY)",
                "2. load vmklinux (dependency of e100, $DRIVER_DEPENDENCY)",
                "3. load e100 (target)"), p.describe());
    }

    @Test
    void aDiamondLoadsTheSharedDependencyOnceInSortedOrder() throws Exception {
        module("top", "right", "left");
        module("left", "base");
        module("right", "base");
        module("base");
        LoadPlan p = plan("top");
        assertEquals(List.of("base", "left", "right", "top"), p.modules());
        assertEquals(Step.dependencyOf("base", "left"), p.steps().get(0), "the first dependent to reach it");
    }

    @Test
    void dependenciesAlreadyLoadedAreSkippedAndListedSeparately() throws Exception {
        module("e100", "vmklinux", "net_support");
        module("vmklinux", "pci_support");
        module("net_support");
        LoadPlan p = plan("e100", "vmklinux");
        assertEquals(List.of("net_support", "e100"), p.modules());
        assertEquals(List.of(Step.dependencyOf("vmklinux", "e100")), p.alreadyLoaded());
        assertEquals(List.of(
                "1. load net_support (dependency of e100, $DRIVER_DEPENDENCY)",
                "2. load e100 (target)",
                "   skip vmklinux (already loaded; dependency of e100, $DRIVER_DEPENDENCY)"), p.describe());
    }

    @Test
    void theDependenciesOfALoadedModuleAreNotExamined() throws Exception {
        module("e100", "vmklinux");
        module("vmklinux", "gone");
        assertEquals(List.of("e100"), plan("e100", "vmklinux").modules());
    }

    @Test
    void providersOfImportedSymbolsArePlannedAsDependencies() throws Exception {
        module("e100", "vmklinux");
        module("vmklinux");
        module("net_core");
        providers.put("e100", Set.of("net_core", "vmklinux", "e100"));
        LoadPlan p = plan("e100");
        assertEquals(List.of(Step.providerTo("net_core", "e100"), Step.dependencyOf("vmklinux", "e100"),
                Step.target("e100")), p.steps());
        assertEquals("1. load net_core (provides symbols to e100)", p.describe().get(0));
    }

    @Test
    void theSamePlanComesOutWhateverOrderTheMasterFileListsDependencies() throws Exception {
        module("a", "d", "b", "c");
        module("b");
        module("c");
        module("d");
        assertEquals(List.of("b", "c", "d", "a"), plan("a").modules());
    }

    // ---- refusals

    @Test
    void aTargetAlreadyLoadedIsRefused() {
        module("e100");
        KernelException e = refused(Errno.EEXIST, "e100", "e100");
        assertTrue(e.getMessage().startsWith("e100 is already loaded"), e.getMessage());
    }

    @Test
    void aTargetNotInTheCatalogIsRefused() {
        KernelException e = refused(Errno.ENOENT, "e100");
        assertEquals("e100 is not in the catalog (kminstall -a its jar first)", e.getMessage());
    }

    @Test
    void aMissingDependencyIsRefusedNamingTheChainThatNeedsIt() {
        module("e100", "vmklinux");
        KernelException e = refused(Errno.ENOENT, "e100");
        assertEquals("e100 needs vmklinux, which is not in the catalog (kminstall -a its jar first)", e.getMessage());
        module("vmklinux", "pci_support");
        e = refused(Errno.ENOENT, "e100");
        assertEquals("e100 needs vmklinux, which needs pci_support, which is not in the catalog (kminstall -a its"
                + " jar first)", e.getMessage());
    }

    @Test
    void aMissingSymbolProviderIsRefusedToo() {
        module("e100");
        providers.put("e100", Set.of("net_core"));
        assertTrue(refused(Errno.ENOENT, "e100").getMessage().startsWith("e100 needs net_core, which is not"));
    }

    @Test
    void aCycleOfTwoIsRefusedNamingItInOrder() {
        module("a", "b");
        module("b", "a");
        assertTrue(refused(Errno.EDEADLK, "a").getMessage().startsWith("dependency cycle: a -> b -> a"));
    }

    @Test
    void aCycleOfThreeIsRefusedNamingItInOrderFromWhereItCloses() {
        module("top", "a");
        module("a", "b");
        module("b", "c");
        module("c", "a");
        KernelException e = refused(Errno.EDEADLK, "top");
        assertTrue(e.getMessage().startsWith("dependency cycle: a -> b -> c -> a ("), e.getMessage());
    }

    @Test
    void aCycleThroughASymbolProviderIsRefused() {
        module("a", "b");
        module("b");
        providers.put("b", Set.of("a"));
        assertTrue(refused(Errno.EDEADLK, "a").getMessage().startsWith("dependency cycle: a -> b -> a"));
    }

    @Test
    void aModuleDependingOnItselfIsRefusedAsACycle() {
        module("a", "a");
        assertTrue(refused(Errno.EDEADLK, "a").getMessage().startsWith("dependency cycle: a -> a ("));
    }

    @Test
    void aStaticTargetIsRefusedAsNotLoadable() {
        staticModule("lvm");
        assertTrue(refused(Errno.ENOEXEC, "lvm").getMessage().startsWith("lvm is not loadable: "));
    }

    @Test
    void aStaticDependencyIsRefusedNamingWhoNeedsIt() {
        module("e100", "lvm");
        staticModule("lvm");
        KernelException e = refused(Errno.ENOEXEC, "e100");
        assertTrue(e.getMessage().startsWith("lvm is not loadable: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; e100 needs lvm"), e.getMessage());
    }

    @Test
    void aStaticDependencyThatIsLoadedIsFine() throws Exception {
        module("e100", "lvm");
        staticModule("lvm");
        assertEquals(List.of("e100"), plan("e100", "lvm").modules());
    }

    // ---- scale

    private static String name(int i) {
        return String.format("m%05d", i);
    }

    @Test
    void aChainOfTenThousandModulesPlansWithoutOverflowingTheStack() throws Exception {
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n) {
                module(name(i), name(i + 1));
            } else {
                module(name(i));
            }
        }
        LoadPlan p = plan(name(0));
        assertEquals(n, p.steps().size());
        assertEquals(name(n - 1), p.modules().get(0));
        assertEquals(name(0), p.modules().get(n - 1));
        assertDependenciesFirst(p, Set.of());
    }

    @Test
    void aCycleClosingATenThousandLongChainIsFoundWithoutOverflowingTheStack() {
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            module(name(i), name((i + 1) % n));
        }
        assertTrue(refused(Errno.EDEADLK, name(0)).getMessage().startsWith("dependency cycle: m00000 -> m00001"));
    }

    /** A random DAG of 10,000 modules: each depends on up to 6 modules with higher numbers. */
    private void randomDag(int n, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            Set<String> deps = new TreeSet<>();
            int count = i + 1 < n ? random.nextInt(7) : 0;
            for (int k = 0; k < count; k++) {
                deps.add(name(i + 1 + random.nextInt(Math.min(n - i - 1, 200))));
            }
            module(name(i), deps.toArray(String[]::new));
        }
    }

    @Test
    void aRandomDagOfTenThousandModulesPlansEveryModuleAfterItsDependencies() throws Exception {
        randomDag(10_000, 42);
        Random random = new Random(4242);
        Set<String> loaded = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            loaded.add(name(5_000 + random.nextInt(5_000)));
        }
        loaded.remove(name(0));
        LoadPlan p = planner().plan(name(0), loaded);
        assertTrue(p.steps().size() > 1_000, "a large closure: " + p.steps().size());
        assertDependenciesFirst(p, loaded);
        for (Step s : p.steps()) {
            assertTrue(!loaded.contains(s.module()), s.module() + " is loaded and yet planned");
        }
        for (Step s : p.alreadyLoaded()) {
            assertTrue(loaded.contains(s.module()));
        }
        assertEquals(p, planner().plan(name(0), loaded), "the same catalog gives the same plan");
        List<String> closure = new ArrayList<>(p.modules());
        closure.sort(null);
        assertEquals(closure.size(), new HashSet<>(closure).size());
    }
}
