package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dlkm.itest.modules.plain.PlainModule;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadRequest;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Every refusal of the loader: each names the thing and the reason, carries its errno code, and leaves nothing
 * behind — no bundle, device, proc entry or PCI claim.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoadRefusalsIT extends KernelTestSupport {

    /** What a refusal of an integer parameter asks for. */
    private static final String INTEGER_FORM =
            "decimal digits 0-9, or 0x and hexadecimal digits 0-9 a-f, after an optional + or -";

    @Test
    public void aDriverLoadedBeforeVmklinuxHasUnresolvedSymbolsNamingVmklinux() {
        String error = refused("vmkload_mod e100 vmnic");
        assertTrue(error, error.startsWith("vmkload_mod: e100: unresolved symbols: "));
        assertTrue(error, error.contains("org.dlkm.vmklinux.pci"));
        assertTrue(error, error.contains("org.dlkm.vmklinux.net"));
        assertTrue(error, error.contains("exported by vmklinux, which is not loaded"));
        assertTrue(error, error.endsWith("(ENOEXEC)"));
        assertNothingLeftOf("e100", "org.dlkm.driver.e100");
    }

    @Test
    public void aDriverLoadedAfterVmklinuxWithoutExportSymbolsCannotSeeItsSymbols() {
        ok("vmkload_mod vmklinux linux");
        String error = refused("vmkload_mod aic7xxx vmhba");
        assertTrue(error, error.contains("org.dlkm.vmklinux.scsi"));
        assertTrue(error, error.contains("exported by vmklinux, which is loaded without -e"));
        assertNothingLeftOf("aic7xxx", "org.dlkm.driver.aic7xxx");
        assertEquals(2, devices.pciDevices().stream().filter(d -> d.claimedBy().isEmpty()
                && d.description().contains("Adaptec") && d.owner().name().equals("VMKERNEL")).count());
    }

    @Test
    public void vmklinuxIsBusyWhileADriverIsLoadedAndNamesTheDependents() {
        ok("vmkload_mod -e vmklinux linux");
        ok("vmkload_mod e100 vmnic");
        ok("vmkload_mod aic7xxx vmhba");
        String error = refused("vmkload_mod -u vmklinux");
        assertEquals("vmkload_mod: vmklinux: module is busy: aic7xxx, e100 depend on it; unload them first (EBUSY)",
                error);
        assertEquals(2, kernel.query("vmklinux").orElseThrow().dependentCount());
        assertTrue(kernel.query("vmklinux").isPresent());
    }

    @Test
    public void aDriverIsBusyWhileOneOfItsDevicesIsOpenAndNamesTheHolder() {
        ok("vmkload_mod -e vmklinux linux");
        ok("vmkload_mod e100 vmnic");
        ok("vmkdev -o vmnic0 vm1");
        String entry = ok("cat /proc/vmware/net/vmnic0");
        assertTrue(entry, entry.contains("Open count:     1 (vm1)"));
        String error = refused("vmkload_mod -u e100");
        assertEquals("vmkload_mod: e100: module is busy: vmnic0 is held open by vm1; close it first (EBUSY)", error);
        assertEquals(1, kernel.query("e100").orElseThrow().holdCount());
        ok("vmkdev -c vmnic0 vm1");
        ok("vmkload_mod -u e100");
    }

    @Test
    public void aModuleAlreadyLoadedIsRefused() {
        ok("vmkload_mod nfshaper nfshaper");
        String error = refused("vmkload_mod nfshaper shaper2");
        assertTrue(error, error.startsWith("vmkload_mod: nfshaper: module already loaded (ID "));
        assertTrue(error, error.endsWith("(EEXIST)"));
        assertEquals(1, bundlesNamed("org.dlkm.nfshaper").size());
    }

    @Test
    public void anUnknownModuleIsRefusedNamingWhatIsAvailable() {
        String error = refused("vmkload_mod /usr/lib/vmware/vmkmod/tulip.o vmnic");
        assertTrue(error, error.contains("no module 'tulip' in the module directory"));
        assertTrue(error, error.contains("available: aic7xxx, e100, nfshaper, vmklinux"));
        assertTrue(error, error.endsWith("(ENOENT)"));
        assertTrue(refused("vmkload_mod /no/such/module.jar x").endsWith("(ENOENT)"));
        assertTrue(refused("vmkload_mod -u tulip").contains("no such module loaded"));
    }

    @Test
    public void anUnknownParameterIsRefusedNamingTheKnownOnes() {
        ok("vmkload_mod -e vmklinux linux");
        String error = refused("vmkload_mod e100 vmnic speed=100");
        assertTrue(error, error.contains("e100: unknown parameter 'speed'"));
        assertTrue(error, error.contains("known parameters: debug, RxDescriptors"));
        assertTrue(error, error.endsWith("(EINVAL)"));
        assertNothingLeftOf("e100", "org.dlkm.driver.e100");
    }

    @Test
    public void aValueOfTheWrongTypeOrOutOfRangeIsRefused() {
        ok("vmkload_mod -e vmklinux linux");
        String type = refused("vmkload_mod e100 vmnic debug=loud");
        assertEquals("vmkload_mod: e100: parameter 'debug' takes an integer 0-16, not 'loud'; write " + INTEGER_FORM
                + " (EINVAL)", type);
        String range = refused("vmkload_mod e100 vmnic debug=17");
        assertEquals("vmkload_mod: e100: parameter 'debug' value 17 is out of range 0-16 (ERANGE)", range);
        assertTrue(refused("vmkload_mod e100 vmnic XsumRX=maybe").contains("takes a boolean"));
        assertTrue(refused("vmkload_mod e100 vmnic debug").contains("not of the form name=value"));
        assertNothingLeftOf("e100", "org.dlkm.driver.e100");
    }

    @Test
    public void aParameterIsWrittenInAsciiDigitsWithItsSignBeforeTheHexadecimalPrefix() {
        ok("vmkload_mod -e vmklinux linux");
        assertEquals("vmkload_mod: e100: parameter 'debug' takes an integer 0-16, not '٣' (U+0663 ARABIC-INDIC DIGIT"
                + " THREE); write " + INTEGER_FORM + " (EINVAL)", refused("vmkload_mod e100 vmnic debug=٣"));
        assertEquals("vmkload_mod: e100: parameter 'debug' takes an integer 0-16, not '３' (U+FF13 FULLWIDTH DIGIT"
                + " THREE); write " + INTEGER_FORM + " (EINVAL)", refused("vmkload_mod e100 vmnic debug=３"));
        for (String value : List.of("0x+5", "0x-1")) {
            assertEquals("vmkload_mod: e100: parameter 'debug' takes an integer 0-16, not '" + value + "'; write "
                    + INTEGER_FORM + " (EINVAL)", refused("vmkload_mod e100 vmnic debug=" + value));
        }
        assertNothingLeftOf("e100", "org.dlkm.driver.e100");
        ok("vmkload_mod e100 vmnic debug=+0x5");
        assertEquals("5", kernel.query("e100").orElseThrow().parameters().get("debug"));
    }

    @Test
    public void aMalformedBusSlotOrOneWithNoDeviceIsRefused() {
        ok("vmkload_mod -e vmklinux linux");
        String malformed = refused("vmkload_mod -d 0-12 aic7xxx vmhba");
        assertEquals("vmkload_mod: malformed PCI address '0-12': expected bus:slot, for example 0:12 (EINVAL)",
                malformed);
        assertTrue(refused("vmkload_mod -d 0:40 aic7xxx vmhba").contains("slot 40 is out of range"));
        String absent = refused("vmkload_mod -d 0:13 aic7xxx vmhba");
        assertEquals("vmkload_mod: aic7xxx: no PCI device at 0:13 (see scanpci or cat /proc/pci) (ENODEV)", absent);
        String vmkernel = refused("vmkload_mod -d 0:10 aic7xxx vmhba");
        assertTrue(vmkernel, vmkernel.contains("assigned to the VMkernel"));
        String notMine = refused("vmkload_mod -d 0:8 aic7xxx vmhba");
        assertTrue(notMine, notMine.contains("0:8 named by -d is not a device this driver supports"));
        assertNothingLeftOf("aic7xxx", "org.dlkm.driver.aic7xxx");
        assertTrue(devices.devices().isEmpty());
    }

    @Test
    public void twoModulesExportingTheSameSymbolsWithExportSymbolsConflict() throws Exception {
        ok("vmkload_mod -e vmklinux linux");
        Path twin = TestModuleJar.renamedCopy(Path.of(System.getProperty("dlkm.modules"), "vmklinux.jar"), "vmklinux2");
        String error = refused("vmkload_mod -e " + twin + " linux2");
        assertTrue(error, error.startsWith("vmkload_mod: vmklinux2: symbol conflict: org.dlkm.vmklinux.net,"));
        assertTrue(error, error.contains("already exported by vmklinux"));
        assertTrue(error, error.endsWith("(EEXIST)"));
        assertTrue(bundlesNamed("org.dlkm.itest.vmklinux2").isEmpty());
        ok("vmkload_mod " + twin + " linux2");
        assertFalse(kernel.query("vmklinux2").orElseThrow().exportSymbols());

        // once the first exporter is unloaded, its symbols are free to export again
        ok("vmkload_mod -u vmklinux2");
        ok("vmkload_mod -u vmklinux");
        ok("vmkload_mod -e " + twin + " linux2");
        assertTrue(kernel.query("vmklinux2").orElseThrow().exportSymbols());
    }

    @Test
    public void aBadTagAndMissingOperandsAreUsageErrors() {
        assertTrue(refused("vmkload_mod nfshaper").contains("a <module-tag> is required"));
        assertTrue(refused("vmkload_mod nfshaper bad-tag").contains("must be letters and numbers"));
        assertTrue(refused("vmkload_mod --bogus nfshaper x").contains("unknown option '--bogus'"));
        assertTrue(refused("vmkload_mod -u").contains("-u without a <module-binary>"));
        assertTrue(kernel.list().isEmpty());
    }

    @Test
    public void theKernelServiceCarriesTheErrnoOfEachRefusal() {
        KernelException e = assertRefused(LoadRequest.builder("e100").tag("vmnic").build());
        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals(Errno.ENOENT, assertRefused(LoadRequest.builder("tulip").tag("x").build()).errno());
    }

    @Test
    public void aModuleBundleInstalledBehindTheKernelsBackCannotResolve() throws Exception {
        Path jar = Path.of(System.getProperty("dlkm.modules"), "nfshaper.jar");
        org.osgi.framework.Bundle b;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(jar)) {
            b = context.installBundle("test:behind-the-kernels-back", in);
        }
        try {
            b.start();
            throw new AssertionError("a module bundle started without the kernel");
        } catch (org.osgi.framework.BundleException | IllegalStateException expected) {
            // refused by the symbol visibility hook, or already uninstalled by the kernel's bundle tracker
            assertTrue(b.getState() == org.osgi.framework.Bundle.INSTALLED
                    || b.getState() == org.osgi.framework.Bundle.UNINSTALLED);
        } finally {
            // the kernel uninstalls it too, as soon as it sees it (ModuleBundleTrackingIT)
            if (b.getState() != org.osgi.framework.Bundle.UNINSTALLED) {
                try {
                    b.uninstall();
                } catch (IllegalStateException alreadyGone) {
                    // the kernel was first
                }
            }
        }
    }

    @Test
    public void aModuleRequiringVmklinuxAsABundleCannotLoadWhileVmklinuxHidesItsSymbols() throws Exception {
        Path requirer = moduleRequiringVmklinux();
        String notLoaded = refused("vmkload_mod " + requirer + " req");
        assertEquals("vmkload_mod: requirer: unresolved symbols: Require-Bundle org.dlkm.vmklinux (exported by"
                + " vmklinux, which is not loaded: load it first with vmkload_mod -e vmklinux <tag>) (ENOEXEC)",
                notLoaded);

        ok("vmkload_mod vmklinux linux");
        String hidden = refused("vmkload_mod " + requirer + " req");
        assertEquals("vmkload_mod: requirer: unresolved symbols: Require-Bundle org.dlkm.vmklinux (exported by"
                + " vmklinux, which is loaded without -e, so its symbols are hidden: unload it and load it again with"
                + " vmkload_mod -e) (ENOEXEC)", hidden);
        assertNothingLeftOf("requirer", "org.dlkm.itest.requirer");
    }

    @Test
    public void aModuleRequiringVmklinuxAsABundleLoadsWhenVmklinuxExportsItsSymbolsAndMakesItBusy() throws Exception {
        ok("vmkload_mod -e vmklinux linux");
        ok("vmkload_mod " + moduleRequiringVmklinux() + " req");
        assertEquals(List.of("vmklinux"), kernel.query("requirer").orElseThrow().dependsOn());

        String error = refused("vmkload_mod -u vmklinux");
        assertEquals("vmkload_mod: vmklinux: module is busy: requirer depends on it; unload it first (EBUSY)", error);
        assertEquals(List.of("requirer"), kernel.query("vmklinux").orElseThrow().dependents());
    }

    @Test
    public void aFragmentOfAModuleNeverAttachesEvenWhenTheModuleExportsItsSymbols() throws Exception {
        Bundle fragment = install(TestModuleJar.plainBundle("org.dlkm.itest.vmklinux.patch",
                Map.of("Fragment-Host", "org.dlkm.vmklinux")));
        try {
            ok("vmkload_mod -e vmklinux linux");
            Bundle vmklinux = context.getBundle(kernel.query("vmklinux").orElseThrow().bundleId());

            assertFalse(frameworkWiring().resolveBundles(List.of(fragment)));
            assertEquals(Bundle.INSTALLED, fragment.getState());
            assertEquals(List.of(), vmklinux.adapt(BundleWiring.class).getProvidedWires(HostNamespace.HOST_NAMESPACE));
        } finally {
            fragment.uninstall();
        }
    }

    @Test
    public void aFragmentOfAnOrdinaryBundleStillAttaches() throws Exception {
        Bundle fragment = install(TestModuleJar.plainBundle("org.dlkm.itest.plain.patch",
                Map.of("Fragment-Host", "org.dlkm.itest.plain")));
        Bundle host = install(TestModuleJar.plainBundle("org.dlkm.itest.plain", Map.of()));
        try {
            assertTrue(frameworkWiring().resolveBundles(List.of(host, fragment)));
            List<BundleWire> attached = host.adapt(BundleWiring.class).getProvidedWires(HostNamespace.HOST_NAMESPACE);
            assertEquals(1, attached.size());
            assertEquals(fragment, attached.get(0).getRequirer().getBundle());
        } finally {
            fragment.uninstall();
            host.uninstall();
        }
    }

    /** @return a module that loads no code of vmklinux's but requires its whole bundle, declaring no dependency */
    private static Path moduleRequiringVmklinux() throws IOException {
        return TestModuleJar.build("requirer", PlainModule.class, "misc", Map.of("Require-Bundle", "org.dlkm.vmklinux"));
    }

    private Bundle install(Path jar) throws IOException, BundleException {
        try (InputStream in = Files.newInputStream(jar)) {
            return context.installBundle(jar.toUri().toString(), in);
        }
    }

    private FrameworkWiring frameworkWiring() {
        return context.getBundle(0).adapt(FrameworkWiring.class);
    }

    private KernelException assertRefused(LoadRequest request) {
        try {
            kernel.load(request);
        } catch (KernelException e) {
            return e;
        }
        throw new AssertionError("load of " + request.binary() + " should have been refused");
    }

    private void assertNothingLeftOf(String module, String symbolicName) {
        assertTrue(kernel.query(module).isEmpty());
        assertTrue("bundle " + symbolicName + " left behind", bundlesNamed(symbolicName).isEmpty());
        assertTrue(devices.devices().stream().noneMatch(d -> d.module().equals(module)));
        assertTrue(devices.pciDevices().stream().noneMatch(d -> d.claimedBy().map(module::equals).orElse(false)));
        assertTrue(threadsNamed("dlkm-" + module).isEmpty());
    }
}
