package org.dlkm.kernel.runtime.internal.loader;

import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.bundle;
import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.capabilityOf;
import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.exportOf;
import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.module;
import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.requirementOf;
import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.revision;
import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.systemBundle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.NativeNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

class SymbolVisibilityHookTest {

    private final ModuleVisibility visibility = new ModuleVisibility();
    private final SymbolVisibilityHook factory = new SymbolVisibilityHook(visibility);
    private final ResolverHook hook = factory.begin(List.of());

    private final Bundle vmklinux = module(10, "vmklinux");
    private final Bundle e100 = module(12, "e100");
    private final Bundle nfshaper = module(13, "nfshaper");
    private final Bundle gogo = bundle(5, "org.apache.felix.gogo.runtime");
    private final Bundle scr = bundle(6, "org.apache.felix.scr");
    private final Bundle fragment = bundle(7, "org.example.vmklinux.patch");

    private static <T> List<T> mutable(List<T> items) {
        return new ArrayList<>(items);
    }

    private List<BundleCapability> matchesFor(Bundle requirer, List<BundleCapability> candidates) {
        return matchesFor(requirer, PackageNamespace.PACKAGE_NAMESPACE, candidates);
    }

    private List<BundleCapability> matchesFor(Bundle requirer, String namespace, List<BundleCapability> candidates) {
        Collection<BundleCapability> kept = mutable(candidates);
        hook.filterMatches(requirementOf(requirer, namespace), kept);
        return List.copyOf(kept);
    }

    // filterMatches

    @Test
    void aModuleLoadedWithoutExportHidesItsPackages() {
        visibility.admit(vmklinux.getBundleId(), false);
        visibility.admit(e100.getBundleId(), false);
        BundleCapability net = exportOf(vmklinux, "org.dlkm.vmklinux.net");

        assertEquals(List.of(), matchesFor(e100, List.of(net)));
    }

    @Test
    void aModuleLoadedWithExportShowsItsPackages() {
        visibility.admit(vmklinux.getBundleId(), true);
        visibility.admit(e100.getBundleId(), false);
        BundleCapability net = exportOf(vmklinux, "org.dlkm.vmklinux.net");

        assertEquals(List.of(net), matchesFor(e100, List.of(net)));
    }

    @Test
    void aModuleNotYetLoadedHidesItsPackages() {
        BundleCapability net = exportOf(vmklinux, "org.dlkm.vmklinux.net");

        assertEquals(List.of(), matchesFor(e100, List.of(net)));
    }

    @Test
    void aModuleLoadedWithoutExportHidesItsPackagesFromOrdinaryBundlesToo() {
        visibility.admit(vmklinux.getBundleId(), false);
        BundleCapability net = exportOf(vmklinux, "org.dlkm.vmklinux.net");

        assertEquals(List.of(), matchesFor(gogo, List.of(net)));
    }

    @Test
    void onlyTheHiddenCandidatesAreRemoved() {
        visibility.admit(vmklinux.getBundleId(), true);
        visibility.admit(nfshaper.getBundleId(), false);
        visibility.admit(e100.getBundleId(), false);
        BundleCapability fromVmklinux = exportOf(vmklinux, "org.dlkm.vmklinux.net");
        BundleCapability fromNfshaper = exportOf(nfshaper, "org.dlkm.vmklinux.net");
        BundleCapability fromScr = exportOf(scr, "org.dlkm.vmklinux.net");

        assertEquals(List.of(fromVmklinux, fromScr), matchesFor(e100, List.of(fromVmklinux, fromNfshaper, fromScr)));
    }

    @Test
    void anOrdinaryBundlesPackagesStayVisibleToModules() {
        visibility.admit(e100.getBundleId(), false);
        BundleCapability logService = exportOf(gogo, "org.apache.felix.service.command");

        assertEquals(List.of(logService), matchesFor(e100, List.of(logService)));
    }

    @Test
    void theSystemBundleIsAlwaysVisible() {
        visibility.admit(e100.getBundleId(), false);
        BundleCapability framework = exportOf(systemBundle(), "org.osgi.framework");

        assertEquals(List.of(framework), matchesFor(e100, List.of(framework)));
    }

    @Test
    void theSystemBundleStaysVisibleEvenIfItWereTakenForAHiddenModule() {
        Bundle system = systemBundle();
        visibility.admit(system.getBundleId(), false);
        BundleCapability framework = exportOf(system, "org.osgi.framework");

        assertEquals(List.of(framework), matchesFor(e100, List.of(framework)));
    }

    @Test
    void aModuleSeesItsOwnPackages() {
        visibility.admit(vmklinux.getBundleId(), false);
        BundleCapability own = exportOf(vmklinux, "org.dlkm.vmklinux.net");

        assertEquals(List.of(own), matchesFor(vmklinux, List.of(own)));
    }

    @Test
    void aModuleSeesItsOwnPackagesBeforeItIsAdmitted() {
        BundleCapability own = exportOf(vmklinux, "org.dlkm.vmklinux.net");

        assertEquals(List.of(own), matchesFor(vmklinux, List.of(own)));
    }

    // Require-Bundle (osgi.wiring.bundle)

    @Test
    void aModuleLoadedWithoutExportCannotBeRequiredAsABundle() {
        visibility.admit(vmklinux.getBundleId(), false);
        visibility.admit(e100.getBundleId(), false);
        BundleCapability bundle = capabilityOf(vmklinux, BundleNamespace.BUNDLE_NAMESPACE);

        assertEquals(List.of(), matchesFor(e100, BundleNamespace.BUNDLE_NAMESPACE, List.of(bundle)));
    }

    @Test
    void aModuleLoadedWithExportMayBeRequiredAsABundle() {
        visibility.admit(vmklinux.getBundleId(), true);
        visibility.admit(e100.getBundleId(), false);
        BundleCapability bundle = capabilityOf(vmklinux, BundleNamespace.BUNDLE_NAMESPACE);

        assertEquals(List.of(bundle), matchesFor(e100, BundleNamespace.BUNDLE_NAMESPACE, List.of(bundle)));
    }

    @Test
    void aModuleNotYetLoadedCannotBeRequiredAsABundleEvenByAnOrdinaryBundle() {
        BundleCapability bundle = capabilityOf(vmklinux, BundleNamespace.BUNDLE_NAMESPACE);

        assertEquals(List.of(), matchesFor(gogo, BundleNamespace.BUNDLE_NAMESPACE, List.of(bundle)));
    }

    @Test
    void anOrdinaryBundleMayBeRequiredByAModule() {
        visibility.admit(e100.getBundleId(), false);
        BundleCapability bundle = capabilityOf(scr, BundleNamespace.BUNDLE_NAMESPACE);

        assertEquals(List.of(bundle), matchesFor(e100, BundleNamespace.BUNDLE_NAMESPACE, List.of(bundle)));
    }

    // Fragment-Host (osgi.wiring.host)

    @Test
    void noFragmentAttachesToAModuleLoadedWithoutExport() {
        visibility.admit(vmklinux.getBundleId(), false);
        BundleCapability host = capabilityOf(vmklinux, HostNamespace.HOST_NAMESPACE);

        assertEquals(List.of(), matchesFor(fragment, HostNamespace.HOST_NAMESPACE, List.of(host)));
    }

    @Test
    void noFragmentAttachesEvenToAModuleLoadedWithExport() {
        visibility.admit(vmklinux.getBundleId(), true);
        BundleCapability host = capabilityOf(vmklinux, HostNamespace.HOST_NAMESPACE);

        assertEquals(List.of(), matchesFor(fragment, HostNamespace.HOST_NAMESPACE, List.of(host)));
    }

    @Test
    void noFragmentAttachesToAModuleNotYetLoaded() {
        BundleCapability host = capabilityOf(vmklinux, HostNamespace.HOST_NAMESPACE);

        assertEquals(List.of(), matchesFor(fragment, HostNamespace.HOST_NAMESPACE, List.of(host)));
    }

    @Test
    void aFragmentMayAttachToAnOrdinaryBundle() {
        BundleCapability host = capabilityOf(gogo, HostNamespace.HOST_NAMESPACE);

        assertEquals(List.of(host), matchesFor(fragment, HostNamespace.HOST_NAMESPACE, List.of(host)));
    }

    // generic capabilities (Provide-Capability)

    @Test
    void aModuleLoadedWithoutExportHidesItsGenericCapabilities() {
        visibility.admit(vmklinux.getBundleId(), false);
        visibility.admit(e100.getBundleId(), false);

        for (String namespace : List.of("osgi.contract", "osgi.extender", "org.dlkm.test.capability")) {
            BundleCapability capability = capabilityOf(vmklinux, namespace);
            assertEquals(List.of(), matchesFor(e100, namespace, List.of(capability)), namespace);
        }
    }

    @Test
    void aModuleLoadedWithExportShowsItsGenericCapabilities() {
        visibility.admit(vmklinux.getBundleId(), true);
        visibility.admit(e100.getBundleId(), false);

        for (String namespace : List.of("osgi.contract", "osgi.extender", "org.dlkm.test.capability")) {
            BundleCapability capability = capabilityOf(vmklinux, namespace);
            assertEquals(List.of(capability), matchesFor(e100, namespace, List.of(capability)), namespace);
        }
    }

    // what is never filtered

    @Test
    void identityExecutionEnvironmentAndNativeRequirementsAreLeftAlone() {
        visibility.admit(vmklinux.getBundleId(), false);
        visibility.admit(e100.getBundleId(), false);

        for (String namespace : List.of(IdentityNamespace.IDENTITY_NAMESPACE,
                ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE, NativeNamespace.NATIVE_NAMESPACE)) {
            BundleCapability capability = capabilityOf(vmklinux, namespace);
            assertEquals(List.of(capability), matchesFor(e100, namespace, List.of(capability)), namespace);
        }
    }

    @Test
    void theSystemBundleIsVisibleInEveryNamespace() {
        visibility.admit(e100.getBundleId(), false);

        for (String namespace : List.of(PackageNamespace.PACKAGE_NAMESPACE, BundleNamespace.BUNDLE_NAMESPACE,
                HostNamespace.HOST_NAMESPACE, "osgi.contract")) {
            BundleCapability framework = capabilityOf(systemBundle(), namespace);
            assertEquals(List.of(framework), matchesFor(e100, namespace, List.of(framework)), namespace);
        }
    }

    @Test
    void forgettingAModuleHidesItsPackagesAgain() {
        visibility.admit(vmklinux.getBundleId(), true);
        visibility.forget(vmklinux.getBundleId());
        BundleCapability net = exportOf(vmklinux, "org.dlkm.vmklinux.net");

        assertEquals(List.of(), matchesFor(e100, List.of(net)));
    }

    // visible

    @Test
    void visibleAnswersWhatFilterMatchesDecides() {
        visibility.admit(vmklinux.getBundleId(), false);
        visibility.admit(nfshaper.getBundleId(), true);

        String packages = PackageNamespace.PACKAGE_NAMESPACE;
        String bundles = BundleNamespace.BUNDLE_NAMESPACE;
        String hosts = HostNamespace.HOST_NAMESPACE;

        assertFalse(factory.visible(packages, e100, vmklinux));
        assertFalse(factory.visible(bundles, e100, vmklinux));
        assertTrue(factory.visible(packages, vmklinux, vmklinux));
        assertTrue(factory.visible(packages, e100, nfshaper));
        assertTrue(factory.visible(bundles, e100, nfshaper));
        assertFalse(factory.visible(hosts, fragment, nfshaper));
        assertTrue(factory.visible(hosts, fragment, gogo));
        assertTrue(factory.visible(packages, e100, systemBundle()));
        assertTrue(factory.visible(packages, e100, gogo));
        assertTrue(factory.visible(IdentityNamespace.IDENTITY_NAMESPACE, e100, vmklinux));
    }

    // filterResolvable

    @Test
    void aModuleTheKernelHasNotAdmittedCannotResolve() {
        Collection<BundleRevision> candidates = mutable(List.of(revision(e100)));

        hook.filterResolvable(candidates);

        assertEquals(List.of(), List.copyOf(candidates));
    }

    @Test
    void anAdmittedModuleMayResolve() {
        visibility.admit(e100.getBundleId(), false);
        BundleRevision revision = revision(e100);
        Collection<BundleRevision> candidates = mutable(List.of(revision));

        hook.filterResolvable(candidates);

        assertEquals(List.of(revision), List.copyOf(candidates));
    }

    @Test
    void anOrdinaryBundleMayResolve() {
        BundleRevision revision = revision(gogo);
        Collection<BundleRevision> candidates = mutable(List.of(revision));

        hook.filterResolvable(candidates);

        assertEquals(List.of(revision), List.copyOf(candidates));
    }

    @Test
    void onlyTheUnadmittedModulesAreRemovedFromTheResolvables() {
        visibility.admit(vmklinux.getBundleId(), true);
        BundleRevision vmklinuxRevision = revision(vmklinux);
        BundleRevision e100Revision = revision(e100);
        BundleRevision gogoRevision = revision(gogo);
        BundleRevision systemRevision = revision(systemBundle());
        Collection<BundleRevision> candidates = mutable(
                List.of(systemRevision, vmklinuxRevision, e100Revision, gogoRevision));

        hook.filterResolvable(candidates);

        assertEquals(List.of(systemRevision, vmklinuxRevision, gogoRevision), List.copyOf(candidates));
    }

    @Test
    void aForgottenModuleCannotResolveAgain() {
        visibility.admit(e100.getBundleId(), false);
        visibility.forget(e100.getBundleId());
        Collection<BundleRevision> candidates = mutable(List.of(revision(e100)));

        hook.filterResolvable(candidates);

        assertEquals(List.of(), List.copyOf(candidates));
    }

    // the hook's life

    @Test
    void eachResolveProcessGetsAFreshHook() {
        assertNotSame(factory.begin(List.of()), factory.begin(List.of()));
    }

    @Test
    void singletonCollisionsAreLeftAlone() {
        BundleCapability singleton = capabilityOf(e100, BundleNamespace.BUNDLE_NAMESPACE);
        List<BundleCapability> collisions = List.of(capabilityOf(nfshaper, BundleNamespace.BUNDLE_NAMESPACE));
        Collection<BundleCapability> kept = mutable(collisions);

        hook.filterSingletonCollisions(singleton, kept);
        hook.end();

        assertEquals(collisions, List.copyOf(kept));
    }

    @Test
    void theHookSeesAdmissionsMadeAfterItBegan() {
        BundleCapability net = exportOf(vmklinux, "org.dlkm.vmklinux.net");
        assertEquals(List.of(), matchesFor(e100, List.of(net)));

        visibility.admit(vmklinux.getBundleId(), true);

        assertEquals(List.of(net), matchesFor(e100, List.of(net)));
    }
}
