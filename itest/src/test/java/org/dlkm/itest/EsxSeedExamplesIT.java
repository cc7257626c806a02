package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.device.PciOwner;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Every example of the ESX Server manual's "Loading VMkernel Device Modules", typed into the dlkm shell on the
 * manual's example machine: two EtherExpress Pro/100 cards (one for the VMkernel) and three Adaptec adapters (two
 * for the VMkernel, the one at 0:12 for the service console).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EsxSeedExamplesIT extends KernelTestSupport {

    @Test
    public void vmklinuxLoadsWithExportSymbolsBeforeTheDrivers() {
        String out = ok("vmkload_mod -e /usr/lib/vmware/vmkmod/vmklinux linux");
        assertTrue(out, out.contains("Loaded module vmklinux"));
        ModuleInfo vmklinux = kernel.query("vmklinux").orElseThrow();
        assertTrue(vmklinux.exportSymbols());
        assertEquals("linux", vmklinux.tag());
        assertTrue(vmklinux.exportedPackages().contains("org.dlkm.vmklinux.pci"));
        assertEquals(1, bundlesNamed("org.dlkm.vmklinux").size());
    }

    @Test
    public void theTwoLoadCommandsNameOneNicAndTwoAdaptersAsInTheManual() throws Exception {
        ok("vmkload_mod -e /usr/lib/vmware/vmkmod/vmklinux linux");
        String nic = ok("vmkload_mod /usr/lib/vmware/vmkmod/e100.o vmnic");
        String hba = ok("vmkload_mod /usr/lib/vmware/vmkmod/aic7xxx.o vmhba");
        assertTrue(nic, nic.endsWith(": vmnic0"));
        assertTrue(hba, hba.endsWith(": vmhba0 vmhba1"));
        assertEquals(List.of("vmnic0"), kernel.query("e100").orElseThrow().devices());
        assertEquals(List.of("vmhba0", "vmhba1"), kernel.query("aic7xxx").orElseThrow().devices());
        assertEquals(List.of("vmnic0"), proc.list("/proc/vmware/net"));
        assertEquals(List.of("vmhba0", "vmhba1"), proc.list("/proc/vmware/scsi"));
        String entry = ok("cat /proc/vmware/net/vmnic0");
        assertTrue(entry, entry.contains("e100"));
        assertTrue(entry, entry.contains("0:7"));
        assertTrue(entry, entry.contains("Open count:     0"));
        String adapter = ok("cat /proc/vmware/scsi/vmhba1");
        assertTrue(adapter, adapter.contains("0:11"));
        assertTrue(adapter, adapter.contains("aic7xxx"));
    }

    @Test
    public void e100TakesTheDebugParameterOfTheManualsFirstExample() {
        ok("vmkload_mod -e /usr/lib/vmware/vmkmod/vmklinux linux");
        ok("vmkload_mod ~/modules/e100.o vmnic debug=5");
        assertEquals("5", kernel.query("e100").orElseThrow().parameters().get("debug"));
        String entry = ok("cat /proc/vmware/net/vmnic0");
        assertTrue(entry, entry.contains("Debug level:    5"));
    }

    @Test
    public void aConsoleAdapterNamedWithDeviceBecomesSharedAndStaysVisibleToTheConsole() {
        ok("vmkload_mod --exportsym ~/modules/vmklinux linuxdrivers");
        String out = ok("vmkload_mod --device 0:12 ~/modules/aic7xxx.o vmhba");
        assertTrue(out, out.endsWith(": vmhba0 vmhba1 vmhba2"));
        assertEquals(PciOwner.SHARED, pci("0:12").owner());
        assertTrue(ok("cat /proc/pci").contains("device  12"));
        assertTrue(ok("scanpci").contains("cardnum 0x0c"));
        assertTrue(ok("cat /proc/vmware/scsi/vmhba2").contains("0:12"));
        ok("vmkload_mod -u aic7xxx");
        assertEquals(PciOwner.CONSOLE, pci("0:12").owner());
    }

    @Test
    public void devicesAssignedToTheVmkernelDoNotAppearInProcPciOrScanpci() {
        String procPci = ok("cat /proc/pci");
        String scan = ok("scanpci");
        assertTrue(procPci, procPci.contains("device   8"));
        assertFalse(procPci, procPci.contains("device   7,"));
        assertFalse(procPci, procPci.contains("device  10,"));
        assertFalse(procPci, procPci.contains("device  11,"));
        assertTrue(scan, scan.contains("cardnum 0x08"));
        assertTrue(scan, scan.contains("cardnum 0x0c"));
        assertFalse(scan, scan.contains("cardnum 0x07"));
        assertFalse(scan, scan.contains("cardnum 0x0a"));
    }

    @Test
    public void nfshaperLoadsWithoutVmklinuxAndRegistersItsFilterClass() {
        String out = ok("vmkload_mod /usr/lib/vmware/vmkmod/nfshaper.o nfshaper");
        assertTrue(out, out.contains("Loaded module nfshaper"));
        assertTrue(ok("cat /proc/vmware/filters/status").contains("nfshaper"));
        ok("vmkload_mod -u nfshaper");
        assertFalse(ok("cat /proc/vmware/filters/status").contains("nfshaper"));
    }

    @Test
    public void listShowsEveryLoadedModuleWithItsIdTagAndDevices() {
        ok("vmkload_mod -e vmklinux linux");
        ok("vmkload_mod e100 vmnic");
        String list = ok("vmkload_mod -l");
        String[] lines = list.split("\n");
        assertEquals(list, 3, lines.length);
        assertTrue(list, lines[0].startsWith("Name"));
        assertTrue(list, lines[1].startsWith("vmklinux") && lines[1].contains("linux") && lines[1].contains("yes"));
        assertTrue(list, lines[2].startsWith("e100") && lines[2].endsWith("vmnic0"));
        assertEquals(list, ok("vmkload_mod --list e100 ignored arguments"));
    }

    @Test
    public void unloadRemovesTheBundleTheDevicesAndTheProcEntries() {
        ok("vmkload_mod -e vmklinux linux");
        ok("vmkload_mod e100 vmnic");
        ok("vmkload_mod -u e100");
        assertTrue(kernel.query("e100").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.driver.e100").isEmpty());
        assertTrue(devices.devices().isEmpty());
        assertFalse(proc.exists("/proc/vmware/net/vmnic0"));
        assertTrue(pci("0:7").claimedBy().isEmpty());
        assertTrue(threadsNamed("dlkm-e100").isEmpty());
        ok("vmkload_mod --unload vmklinux");
        assertTrue(kernel.list().isEmpty());
    }

    @Test
    public void showparamListsTheParametersWithTypeRangeAndDefault() {
        String params = ok("vmkload_mod -s e100");
        assertTrue(params, params.startsWith("e100 parameters:"));
        assertTrue(params, params.contains("debug") && params.contains("0-16") && params.contains("default 0"));
        assertTrue(ok("vmkload_mod --showparam /usr/lib/vmware/vmkmod/aic7xxx.o").contains("tag_info"));
        assertEquals("nfshaper takes no parameters", ok("vmkload_mod -s nfshaper.o"));
    }

    @Test
    public void verboseReportsEachStepOfTheLoad() {
        String out = ok("vmkload_mod -v -e vmklinux linux");
        assertTrue(out, out.contains("vmkload_mod: installed bundle"));
        assertTrue(out, out.contains("vmkload_mod: calling org.dlkm.vmklinux.internal.VmklinuxModule.load"));
        String e100 = ok("vmkload_mod --verbose e100 vmnic");
        assertTrue(e100, e100.contains("org.dlkm.vmklinux.pci from vmklinux"));
    }

    @Test
    public void devicesOfSeveralModulesSharingATagAreNumberedInCreationOrder() {
        ok("vmkload_mod -e vmklinux linux");
        ok("vmkload_mod e100 vmdev");
        ok("vmkload_mod aic7xxx vmdev");
        assertEquals(List.of("vmdev0"), kernel.query("e100").orElseThrow().devices());
        assertEquals(List.of("vmdev1", "vmdev2"), kernel.query("aic7xxx").orElseThrow().devices());
    }

    @Test
    public void lsAndCatUnderProcReadTheKernelsTree() {
        assertTrue(ok("ls /proc").contains("pci"));
        assertTrue(ok("ls /proc/vmware").contains("log"));
        ok("vmkload_mod -e vmklinux linux");
        assertTrue(ok("cat /proc/vmware/log").contains("vmklinux: loaded as ID"));
    }

    private org.dlkm.kernel.device.PciDevice pci(String address) {
        return devices.pciDevices().stream().filter(d -> d.address().toString().equals(address)).findFirst()
                .orElseThrow();
    }
}
