package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dlkm.itest.modules.rogue.BlockingTimerModule;
import org.dlkm.itest.modules.rogue.RogueThreadModule;
import org.dlkm.kernel.ModuleInfo;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Modules that misbehave with what runs in the background: timer tasks that block do not starve other modules'
 * timers; threads a module starts itself are shown by {@code kmadmin -Q}; and nothing of an unloaded module keeps
 * running: what still ran is interrupted, named by the unload and the kernel log, and the module's class loader goes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RogueModulesIT extends KernelTestSupport {

    private long watchdogRuns() {
        String entry = ok("cat /proc/vmware/net/vmnic0");
        return Long.parseLong(entry.replaceAll("(?s).*Watchdog runs:\\s+(\\d+).*", "$1"));
    }

    /** Waits for e100's watchdog, which runs every 2 s, to run again. */
    private void assertWatchdogRunsAgain() throws InterruptedException {
        long before = watchdogRuns();
        for (int i = 0; i < 60 && watchdogRuns() == before; i++) {
            Thread.sleep(100);
        }
        assertTrue("e100's watchdog did not run within 6 s", watchdogRuns() > before);
    }

    private void awaitLog(String line) throws InterruptedException {
        for (int i = 0; i < 100 && !ok("cat /proc/vmware/log").contains(line); i++) {
            Thread.sleep(50);
        }
        assertTrue("the kernel log has no '" + line + "'", ok("cat /proc/vmware/log").contains(line));
    }

    @Test
    public void timerTasksThatBlockInTwoModulesDoNotStopE100sWatchdogAndEndWithTheirModules() throws Exception {
        ok("vmkload_mod -e vmklinux linux");
        ok("vmkload_mod e100 vmnic");
        for (String name : new String[] {"blocka", "blockb"}) {
            ok("vmkload_mod " + TestModuleJar.build(name, BlockingTimerModule.class, "misc") + " " + name);
            awaitLog(name + ": timer task blocks");
        }

        assertWatchdogRunsAgain();

        String blocka = ok("vmkload_mod -u blocka");
        assertTrue(blocka, blocka.startsWith("Unloaded module blocka (ID "));
        assertTrue(blocka, blocka.contains("\nInterrupted threads still running at unload: dlkm-timer-"));
        String blockb = ok("kmadmin -U blockb");
        assertTrue(blockb, blockb.startsWith("Module blockb unloaded\nInterrupted threads still running at unload:"
                + " dlkm-timer-"));
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("blocka: a timer task was still running when blocka was withdrawn, on dlkm-timer-"));
        assertTrue(log, log.contains("blockb: a timer task was still running when blockb was withdrawn, on dlkm-timer-"));
        assertTrue(log, log.contains(BlockingTimerModule.class.getName() + ".lambda$load$"));
        assertWatchdogRunsAgain();
    }

    @Test
    public void threadsAModuleStartedAndDidNotStopAreShownInterruptedAtUnloadAndTheModuleIsCollected()
            throws Exception {
        Path jar = TestModuleJar.build("rogue", RogueThreadModule.class, "misc");
        // a second copy of the same classes, whose threads are its own
        ok("vmkload_mod " + TestModuleJar.build("twin", RogueThreadModule.class, "misc") + " twin");
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int cycle = 0; cycle < 3; cycle++) {
            ok("vmkload_mod " + jar + " rogue");
            ModuleInfo rogue = kernel.query("rogue").orElseThrow();
            assertEquals(List.of("dlkm-rogue-worker", "rogue-1"), rogue.threads());
            String query = ok("kmadmin -Q rogue");
            assertTrue(query, query.contains("\nThreads                 dlkm-rogue-worker, rogue-1"));
            loaders.add(new WeakReference<>(context.getBundle(rogue.bundleId()).adapt(BundleWiring.class)
                    .getClassLoader()));

            String out = ok("vmkload_mod -u rogue");

            assertTrue(out, out.startsWith("Unloaded module rogue (ID " + rogue.id() + ")\nInterrupted threads still"
                    + " running at unload: rogue-1"));
            assertEquals(List.of(), threadsNamed("rogue-1"));
            assertEquals(List.of(), threadsNamed("dlkm-rogue-"));
            assertEquals(List.of("twin-1"), threadsNamed("twin-1"));
        }
        assertEquals(List.of("dlkm-twin-worker", "twin-1"), kernel.query("twin").orElseThrow().threads());
        assertTrue(ok("vmkload_mod -u twin").endsWith("Interrupted threads still running at unload: twin-1"));
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("rogue: thread rogue-1 was still running when rogue was withdrawn, at "));
        assertTrue(log, log.contains("; interrupted it (a module must stop the threads it starts in its unload)"));
        for (int i = 0; i < 50 && loaders.stream().anyMatch(l -> l.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue("a class loader of an unloaded rogue module is still reachable",
                loaders.stream().allMatch(l -> l.get() == null));
    }

    @Test
    public void aModuleThatStopsWhatItStartsUnloadsWithOneLine() {
        ok("vmkload_mod nfshaper nfshaper");
        assertEquals(List.of(), kernel.query("nfshaper").orElseThrow().threads());
        assertTrue(ok("kmadmin -Q nfshaper").contains("\nThreads                 none"));
        assertFalse(ok("vmkload_mod -u nfshaper").contains("Interrupted"));
    }
}
