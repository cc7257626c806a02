package org.dlkm.itest;

import static org.junit.Assert.assertTrue;

import org.dlkm.itest.modules.rogue.BlockingTimerModule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Modules that misbehave with what runs in the background: timer tasks that block do not starve other modules'
 * timers, and nothing of an unloaded module keeps running.
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

        assertTrue(ok("vmkload_mod -u blocka").startsWith("Unloaded module blocka"));
        assertTrue(ok("kmadmin -U blockb").startsWith("Module blockb unloaded"));
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("blocka: a timer task was still running when blocka was withdrawn, on dlkm-timer-"));
        assertTrue(log, log.contains("blockb: a timer task was still running when blockb was withdrawn, on dlkm-timer-"));
        assertTrue(log, log.contains(BlockingTimerModule.class.getName() + ".lambda$load$"));
        assertWatchdogRunsAgain();
    }
}
