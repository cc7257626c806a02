package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadRequest;
import org.junit.jupiter.api.Test;

class VmkloadMod_LoadTest {

    private final FakeKernel kernel = new FakeKernel();
    private final VmkloadMod vmkloadMod = new VmkloadMod(kernel);

    private LoadRequest load(String... args) {
        vmkloadMod.run(args);
        return kernel.request();
    }

    @Test
    void theBinaryAndTheTagAreTheFirstTwoOperands() {
        LoadRequest request = load("/usr/lib/vmware/vmkmod/e100.o", "vmnic");

        assertEquals("/usr/lib/vmware/vmkmod/e100.o", request.binary());
        assertEquals("vmnic", request.tag());
    }

    @Test
    void aPlainLoadExportsNothingClaimsNothingAndIsQuiet() {
        LoadRequest request = load("e100", "vmnic");

        assertFalse(request.exportSymbols());
        assertFalse(request.verbose());
        assertEquals(List.of(), request.sharedDevices());
        assertEquals(Map.of(), request.parameters());
    }

    @Test
    void dashEExportsTheSymbols() {
        assertTrue(load("-e", "vmklinux", "vmklinux").exportSymbols());
    }

    @Test
    void dashDashExportsymExportsTheSymbols() {
        assertTrue(load("--exportsym", "vmklinux", "vmklinux").exportSymbols());
    }

    @Test
    void dashVAsksForEachStep() {
        assertTrue(load("-v", "e100", "vmnic").verbose());
        kernel.loads.clear();
        assertTrue(load("--verbose", "e100", "vmnic").verbose());
    }

    @Test
    void everyDashDAddsASharedDeviceInOrder() {
        LoadRequest request = load("-d", "0:8", "--device", "0:10", "-d", "0:7", "aic7xxx", "vmhba");

        assertEquals(List.of("0:8", "0:10", "0:7"), request.sharedDevices());
    }

    @Test
    void optionsMayComeInAnyOrderBeforeTheBinary() {
        LoadRequest request = load("-d", "0:8", "-e", "-v", "aic7xxx", "vmhba");

        assertTrue(request.exportSymbols());
        assertTrue(request.verbose());
        assertEquals(List.of("0:8"), request.sharedDevices());
    }

    @Test
    void parametersFollowTheTagInTheOrderGiven() {
        LoadRequest request = load("e100", "vmnic", "speed=100", "debug=1", "duplex=full");

        assertEquals(List.of("speed", "debug", "duplex"), List.copyOf(request.parameters().keySet()));
        assertEquals(Map.of("speed", "100", "debug", "1", "duplex", "full"), request.parameters());
    }

    @Test
    void aParameterValueMayContainEqualsSignsAndBeEmpty() {
        LoadRequest request = load("e100", "vmnic", "filter=a=b", "ifname=");

        assertEquals(Map.of("filter", "a=b", "ifname", ""), request.parameters());
    }

    @Test
    void parametersAreHandedOnUnvalidated() {
        LoadRequest request = load("e100", "vmnic", "speed=fast");

        assertEquals("fast", request.parameters().get("speed"));
    }

    @Test
    void dashDashEndsTheOptions() {
        LoadRequest request = load("-v", "--", "-e", "vmnic");

        assertEquals("-e", request.binary());
        assertFalse(request.exportSymbols());
        assertTrue(request.verbose());
    }

    @Test
    void aLoneDashIsAnOperand() {
        assertEquals("-", load("-", "vmnic").binary());
    }

    @Test
    void anOptionAfterTheBinaryIsNotAnOption() {
        CommandFailure f = assertThrows(CommandFailure.class, () -> vmkloadMod.run("e100", "vmnic", "-e"));

        assertEquals(Errno.EINVAL, f.errno());
        assertTrue(f.getMessage().startsWith("vmkload_mod: parameter '-e' is not of the form name=value\n"),
                f.getMessage());
        assertEquals(List.of(), kernel.loads);
    }

    @Test
    void aLoadReportsTheModuleItsIdAndTagAndDevices() {
        String out = vmkloadMod.run("e100", "vmnic");

        assertEquals("Loaded module e100 (ID 1, tag vmnic): vmnic0", out);
    }

    @Test
    void aLoadWithExportSaysTheSymbolsAreExported() {
        String out = vmkloadMod.run("-e", "vmklinux", "vmklinux");

        assertEquals("Loaded module vmklinux (ID 1, tag vmklinux), symbols exported: vmklinux0", out);
    }

    @Test
    void aModuleWithoutDevicesListsNone() {
        kernel.devices = List.of();

        assertEquals("Loaded module nfshaper (ID 1, tag nfshaper)", vmkloadMod.run("nfshaper", "nfshaper"));
    }

    @Test
    void everyDeviceTheModuleCreatedIsListed() {
        kernel.devices = List.of("vmhba0", "vmhba1");

        assertEquals("Loaded module aic7xxx (ID 1, tag vmhba): vmhba0 vmhba1", vmkloadMod.run("aic7xxx", "vmhba"));
    }

    @Test
    void aVerboseLoadPrintsEachStepBeforeTheResult() {
        kernel.steps = List.of("installed bundle 20", "resolved org.dlkm.vmklinux.net", "called load()");

        String out = vmkloadMod.run("-v", "e100", "vmnic");

        assertEquals(String.join("\n",
                "vmkload_mod: installed bundle 20",
                "vmkload_mod: resolved org.dlkm.vmklinux.net",
                "vmkload_mod: called load()",
                "Loaded module e100 (ID 1, tag vmnic): vmnic0"), out);
    }

    @Test
    void aQuietLoadPrintsNoSteps() {
        kernel.steps = List.of("installed bundle 20");

        assertEquals("Loaded module e100 (ID 1, tag vmnic): vmnic0", vmkloadMod.run("e100", "vmnic"));
    }

    @Test
    void aKernelRefusalIsReportedWithItsCode() {
        KernelException refusal = new KernelException(Errno.ENOEXEC,
                "e100: unresolved symbol org.dlkm.vmklinux.net; load vmklinux with -e first");
        kernel.refusal = refusal;

        CommandFailure f = assertThrows(CommandFailure.class, () -> vmkloadMod.run("e100", "vmnic"));

        assertEquals("vmkload_mod: e100: unresolved symbol org.dlkm.vmklinux.net; load vmklinux with -e first (ENOEXEC)",
                f.getMessage());
        assertEquals(Errno.ENOEXEC, f.errno());
        assertSame(refusal, f.getCause());
    }

    @Test
    void aRefusedParameterKeepsTheKernelsCode() {
        kernel.refusal = new KernelException(Errno.ERANGE, "e100: parameter 'speed' value 2000 is out of range 0-1000");

        CommandFailure f = assertThrows(CommandFailure.class, () -> vmkloadMod.run("e100", "vmnic", "speed=2000"));

        assertEquals("vmkload_mod: e100: parameter 'speed' value 2000 is out of range 0-1000 (ERANGE)", f.getMessage());
        assertEquals(Errno.ERANGE, f.errno());
    }
}
