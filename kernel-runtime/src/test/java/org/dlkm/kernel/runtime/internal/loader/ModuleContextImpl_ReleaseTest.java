package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.device.DeviceRegistry;
import org.dlkm.kernel.runtime.internal.device.FilterClassRegistry;
import org.dlkm.kernel.runtime.internal.pci.HardwareDescription;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a module's context withdraws: nothing of the module keeps running. A timer task under way gets a grace to
 * return, then is interrupted, reported, and named in what the release returns.
 */
class ModuleContextImpl_ReleaseTest {
    @TempDir
    Path dir;

    private final KernelLog log = new KernelLog(Clock.systemUTC());
    private final ModuleTimers timers = new ModuleTimers(Duration.ofSeconds(30), log);

    @AfterEach
    void stop() {
        timers.shutdown();
    }

    private ModuleContextImpl context(String name) throws Exception {
        PciBus bus = new PciBus(HardwareDescription.defaultMachine());
        ProcTreeImpl proc = new ProcTreeImpl();
        LoadedModule module = new LoadedModule(1, ModuleJar.read(TestModules.jar(dir, name, TestModules.Working.class)),
                name, false, Map.of(), Set.of(), false, new int[] {-1, -1});
        return new ModuleContextImpl(module, bus, new DeviceRegistry(bus, proc, log), proc, new FilterClassRegistry(log),
                log, timers);
    }

    /** Schedules a task that sleeps, and waits until it runs. */
    private static void runSleepingTask(ModuleContextImpl context, long millis, AtomicBoolean interrupted)
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        context.schedule(() -> {
            started.countDown();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }, 0, 0, TimeUnit.MILLISECONDS);
        assertTrue(started.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aTimerTaskStillBlockedAtReleaseIsInterruptedAfterItsGraceAndNamed() throws Exception {
        ModuleContextImpl context = context("blocker");
        AtomicBoolean interrupted = new AtomicBoolean();
        runSleepingTask(context, 60_000, interrupted);

        long before = System.nanoTime();
        List<String> stillRunning = context.release();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertEquals(1, stillRunning.size());
        assertTrue(stillRunning.get(0).startsWith("dlkm-timer-"), stillRunning.toString());
        assertTrue(interrupted.get());
        assertTrue(tookMillis >= ModuleContextImpl.TIMER_GRACE_MILLIS && tookMillis < 5000, tookMillis + " ms");
        assertTrue(log.text().contains("blocker: a timer task was still running when blocker was withdrawn, on "
                + stillRunning.get(0) + " at java.lang.Thread.sleep(Native Method)"), log.text());
    }

    @Test
    void aTimerTaskThatReturnsWithinItsGraceIsLetFinish() throws Exception {
        ModuleContextImpl context = context("brief");
        AtomicBoolean interrupted = new AtomicBoolean();
        runSleepingTask(context, 200, interrupted);

        assertEquals(List.of(), context.release());

        assertFalse(interrupted.get());
        assertFalse(log.text().contains("still running"), log.text());
    }

    @Test
    void aThreadStartedThroughTheContextThatEndsOnItsInterruptIsNotReported() throws Exception {
        ModuleContextImpl context = context("worker");
        Thread t = context.startThread("poller", TestModules::sleepUntilInterrupted);

        assertEquals(List.of(), context.release());

        assertFalse(t.isAlive());
    }
}
