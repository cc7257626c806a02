package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.itest.modules.hang.HangingModule;
import org.dlkm.kernel.ModuleState;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The watchdog on module code: a module that never returns from its load or unload fails with ETIMEDOUT, naming
 * where its thread was, and the kernel stays usable. The limit is 2 s here ({@code dlkm.module.timeout}) instead of
 * the default 30 s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WatchdogIT extends KernelTestSupport {

    @Override
    protected List<Option> extraOptions(File bundles) {
        return List.of(frameworkProperty("dlkm.module.timeout").value("2"));
    }

    @Test
    public void aModuleThatSleepsForeverInItsLoadTimesOutAndLeavesNothingBehind() throws Exception {
        Path jar = TestModuleJar.build("hangload", HangingModule.class, "misc");
        String error = refused("vmkload_mod " + jar + " hangload");
        assertTrue(error, error.startsWith("vmkload_mod: hangload: load did not return within 2 s; the kernel"
                + " abandoned its thread dlkm-modules"));
        assertTrue(error, error.contains("which was at java.lang.Thread.sleep(Native Method) <- " + HangingModule.class.getName() + ".load("));
        assertTrue(error, error.contains(HangingModule.class.getName() + ".load(HangingModule.java:"));
        assertTrue(error, error.endsWith("(ETIMEDOUT)"));
        assertTrue(kernel.query("hangload").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.hangload").isEmpty());
        assertTrue(threadsNamed("dlkm-hangload").isEmpty());
        assertTrue(ok("cat /proc/vmware/log").contains("hangload: load failed: hangload: load did not return"));
        // the table is usable again, on a new module thread
        assertTrue(ok("vmkload_mod nfshaper nfshaper").startsWith("Loaded module nfshaper"));
        ok("vmkload_mod -u nfshaper");
    }

    @Test
    public void aModuleThatSleepsForeverInItsUnloadTimesOutAndStaysLoaded() throws Exception {
        Path jar = TestModuleJar.build("hangunload", HangingModule.class, "misc");
        ok("vmkload_mod " + jar + " hangunload");
        String error = refused("vmkload_mod -u hangunload");
        assertTrue(error, error.startsWith("vmkload_mod: hangunload: unload did not return within 2 s"));
        assertTrue(error, error.contains(HangingModule.class.getName() + ".unload(HangingModule.java:"));
        assertTrue(error, error.endsWith("; it stays loaded (ETIMEDOUT)"));
        assertEquals(ModuleState.LOADED, kernel.query("hangunload").orElseThrow().state());
        assertEquals(1, threadsNamed("dlkm-hangunload").size());
        ok("vmkload_mod -u hangunload");
        assertTrue(kernel.query("hangunload").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.hangunload").isEmpty());
        assertTrue(threadsNamed("dlkm-hangunload").isEmpty());
    }

    @Test
    public void anAbandonedModuleThreadEndsWhenItsModuleCodeReturns() throws Exception {
        Path jar = TestModuleJar.build("hangload", HangingModule.class, "misc");
        refused("vmkload_mod " + jar + " hangload");
        for (int i = 0; i < 100 && threadsNamed("dlkm-modules").size() > 1; i++) {
            Thread.sleep(20);
        }
        assertTrue(threadsNamed("dlkm-modules").toString(), threadsNamed("dlkm-modules").size() <= 1);
        assertFalse(ok("vmkload_mod -l").contains("hangload"));
    }
}
