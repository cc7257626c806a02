package org.dlkm.kernel.runtime.internal.loader;

import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.bundle;
import static org.dlkm.kernel.runtime.internal.loader.FakeBundles.module;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class ModuleVisibilityTest {

    private final ModuleVisibility visibility = new ModuleVisibility();
    private final Bundle e100 = module(12, "e100");
    private final Bundle gogo = bundle(5, "org.apache.felix.gogo.runtime");

    @Test
    void aBundleCarryingTheModuleClassHeaderIsAModule() {
        assertTrue(visibility.isModule(e100));
    }

    @Test
    void anOrdinaryBundleIsNotAModule() {
        assertFalse(visibility.isModule(gogo));
    }

    @Test
    void anAdmittedBundleIsAModuleWhateverItsHeaders() {
        visibility.admit(gogo.getBundleId(), false);

        assertTrue(visibility.isModule(gogo));
    }

    @Test
    void aModuleIsNotAdmittedUntilTheKernelAdmitsIt() {
        assertFalse(visibility.isAdmitted(e100));

        visibility.admit(e100.getBundleId(), false);

        assertTrue(visibility.isAdmitted(e100));
    }

    @Test
    void aForgottenModuleIsNoLongerAdmitted() {
        visibility.admit(e100.getBundleId(), true);

        visibility.forget(e100.getBundleId());

        assertFalse(visibility.isAdmitted(e100));
        assertFalse(visibility.exportsSymbols(e100));
    }

    @Test
    void aModuleAdmittedWithExportExportsItsSymbols() {
        visibility.admit(e100.getBundleId(), true);

        assertTrue(visibility.exportsSymbols(e100));
    }

    @Test
    void aModuleAdmittedWithoutExportKeepsItsSymbols() {
        visibility.admit(e100.getBundleId(), false);

        assertFalse(visibility.exportsSymbols(e100));
    }

    @Test
    void aModuleNotAdmittedExportsNothing() {
        assertFalse(visibility.exportsSymbols(e100));
    }

    @Test
    void anOrdinaryBundleExportsItsPackagesAsOSGiDoes() {
        assertTrue(visibility.exportsSymbols(gogo));
    }

    @Test
    void admittingAgainChangesWhetherTheModuleExports() {
        visibility.admit(e100.getBundleId(), false);
        visibility.admit(e100.getBundleId(), true);

        assertTrue(visibility.exportsSymbols(e100));
    }
}
