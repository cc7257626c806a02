package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.dlkm.itest.modules.nested.CallingModule;
import org.dlkm.kernel.ModuleInfo;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Module code that calls the kernel during its own load: a nested demand load joins the request that loads the
 * module (and is undone with it), a query sees the table as it is, and a call that would wait for itself is refused
 * with EDEADLK naming both modules. Before the kernel lent its lock to the module thread, each of these hung.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReentrantKernelIT extends KernelTestSupport {

    @Test
    public void aModuleCanDemandLoadAnotherFromItsLoadAndQueryTheTable() throws Exception {
        Path jar = TestModuleJar.build("helper", CallingModule.class, "misc");
        // the helper's row is entered, with its ID, when its load begins: nfshaper comes after it
        String loaded = ok("vmkload_mod " + jar + " helper");
        assertTrue(loaded, loaded.matches("Loaded module helper \\(ID \\d+, tag helper\\)"));
        assertEquals("nfshaper LOADED, helper LOADING", ok("cat /proc/vmware/helper/seen"));
        List<ModuleInfo> table = kernel.list();
        assertEquals(List.of("helper", "nfshaper"), table.stream().map(ModuleInfo::name).toList());
    }

    @Test
    public void aNestedDemandLoadIsUndoneWhenTheOuterLoadFails() throws Exception {
        Path jar = TestModuleJar.build("helperfail", CallingModule.class, "misc");
        String error = refused("vmkload_mod " + jar + " helperfail");
        assertEquals("vmkload_mod: helperfail: load failed: java.lang.IllegalStateException: failing after the"
                + " helper loaded; unloaded again: nfshaper (EIO)", error);
        assertTrue(kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.nfshaper").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.helperfail").isEmpty());
        assertFalse(proc.exists("/proc/vmware/filters/nfshaper"));
    }

    @Test
    public void aModuleUnloadingItselfFromItsLoadIsRefusedWithEdeadlk() throws Exception {
        Path jar = TestModuleJar.build("selfunload", CallingModule.class, "misc");
        ok("vmkload_mod " + jar + " selfunload");
        assertEquals("selfunload: cannot unload selfunload from the load of selfunload: selfunload is in its own"
                + " load (selfunload load) (EDEADLK)", ok("cat /proc/vmware/selfunload/refusal"));
        ok("vmkload_mod -u selfunload");
    }

    @Test
    public void aDemandLoadCycleThroughModuleCodeIsRefusedWithEdeadlkNamingBothModules() throws Exception {
        ok("kminstall -a " + TestModuleJar.build("cyclea", CallingModule.class, "misc"));
        ok("kminstall -a " + TestModuleJar.build("cycleb", CallingModule.class, "misc"));
        try {
            String error = refused("kmadmin -L cyclea");
            assertTrue(error, error.endsWith("(EDEADLK)"));
            assertTrue(error, error.contains("cyclea: cannot load cyclea from the load of cycleb: cyclea is in its"
                    + " own load (cyclea load -> cycleb load)"));
            assertTrue(kernel.list().isEmpty());
            assertTrue(bundlesNamed("org.dlkm.itest.cycle").isEmpty());
            assertTrue(ok("kmadmin -L vmklinux").startsWith("Module vmklinux loaded, ID = "));
        } finally {
            ok("kminstall -d cyclea");
            ok("kminstall -d cycleb");
        }
    }
}
