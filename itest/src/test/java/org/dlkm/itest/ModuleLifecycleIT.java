package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;

import org.dlkm.itest.modules.failing.FailingModule;
import org.dlkm.itest.modules.veto.VetoModule;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.ModuleInfo;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * A module's life beyond the happy path: a load that fails half way is rolled back completely, a module can veto
 * its unload, and an unloaded module's class loader is collected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleLifecycleIT extends KernelTestSupport {

    @Test
    public void aLoadThatFailsAfterRegisteringLeavesNothingBehind() throws Exception {
        Path jar = TestModuleJar.build("failing", FailingModule.class, "wsio_intfc");
        String error = refused("vmkload_mod " + jar + " vmnic");
        assertEquals("vmkload_mod: failing: load failed: cannot allocate the receive ring (ENOMEM)", error);
        assertTrue(kernel.query("failing").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.failing").isEmpty());
        assertTrue(devices.devices().isEmpty());
        assertFalse(proc.exists("/proc/vmware/failing"));
        assertFalse(proc.exists("/proc/vmware/net/vmnic0"));
        assertTrue(threadsNamed("dlkm-failing").isEmpty());
        assertTrue(devices.pciDevices().stream().allMatch(d -> d.claimedBy().isEmpty()));
        assertTrue(ok("cat /proc/vmware/log").contains("failing: load failed"));
    }

    @Test
    public void aModuleCanVetoItsUnloadAndStaysLoadedAndSane() throws Exception {
        Path jar = TestModuleJar.build("veto", VetoModule.class, "misc");
        ok("vmkload_mod " + jar + " veto");
        String error = refused("vmkload_mod -u veto");
        assertEquals("vmkload_mod: veto: the module refused to unload; it stays loaded (EBUSY)", error);
        assertEquals("0", ok("cat /proc/vmware/veto/allow"));
        assertEquals(1, bundlesNamed("org.dlkm.itest.veto").size());
        proc.write("/proc/vmware/veto/allow", "1");
        ok("vmkload_mod -u veto");
        assertTrue(bundlesNamed("org.dlkm.itest.veto").isEmpty());
        assertFalse(proc.exists("/proc/vmware/veto/allow"));
    }

    @Test
    public void aVetoWithANumberErrnoHasNoNameForIsReportedAsThatNumber() throws Exception {
        Path jar = TestModuleJar.build("veto", VetoModule.class, "misc");
        ok("vmkload_mod " + jar + " veto");
        proc.write("/proc/vmware/veto/errno", "99");
        assertEquals("vmkload_mod: veto: the module refused to unload; it stays loaded (errno 99)",
                refused("vmkload_mod -u veto"));
        proc.write("/proc/vmware/veto/allow", "1");
        ok("vmkload_mod -u veto");
    }

    @Test
    public void anUnloadedModulesClassLoaderIsGarbageCollected() throws Exception {
        kernel.load(LoadRequest.builder("vmklinux").tag("linux").exportSymbols(true).build());
        ModuleInfo e100 = kernel.load(LoadRequest.builder("e100").tag("vmnic").build()).module();
        Bundle bundle = context.getBundle(e100.bundleId());
        WeakReference<ClassLoader> loader = new WeakReference<>(bundle.adapt(BundleWiring.class).getClassLoader());
        bundle = null;
        kernel.unload("e100");
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull("the class loader of the unloaded e100 module is still reachable", loader.get());
    }

    @Test
    public void aModuleCanBeLoadedAgainAfterItsUnloadAndGetsItsDeviceNamesBack() throws Exception {
        ok("vmkload_mod -e vmklinux linux");
        ok("vmkload_mod e100 vmnic");
        int firstId = kernel.query("e100").orElseThrow().id();
        ok("vmkload_mod -u e100");
        ok("vmkload_mod e100 vmnic");
        ModuleInfo again = kernel.query("e100").orElseThrow();
        assertTrue(again.id() > firstId);
        assertEquals(java.util.List.of("vmnic0"), again.devices());
    }
}
