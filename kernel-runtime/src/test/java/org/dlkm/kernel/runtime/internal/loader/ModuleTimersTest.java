package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.spi.ModuleTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Module timers: a module's tasks run one at a time in a lane of their own, so that a task that blocks delays only
 * its own module; a task that outlives the limit is reported and interrupted; a lane closed at unload runs nothing
 * more.
 */
class ModuleTimersTest {
    private final KernelLog log = new KernelLog(Clock.systemUTC());
    private final ModuleTimers timers = new ModuleTimers(Duration.ofSeconds(30), log);
    private final CountDownLatch unblock = new CountDownLatch(1);

    @AfterEach
    void stop() {
        unblock.countDown();
        timers.shutdown();
    }

    /** A task that blocks until the test ends, counting down when it starts. */
    private Runnable blocking(CountDownLatch started) {
        return () -> {
            started.countDown();
            try {
                unblock.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static void awaitCount(AtomicInteger count, int atLeast) throws InterruptedException {
        for (int i = 0; i < 300 && count.get() < atLeast; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void tasksThatBlockInTwoModulesDoNotStopAThirdModulesTimer() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        timers.lane("blocka", null).schedule(blocking(started), 0, 0, TimeUnit.MILLISECONDS);
        timers.lane("blockb", null).schedule(blocking(started), 0, 0, TimeUnit.MILLISECONDS);
        assertTrue(started.await(5, TimeUnit.SECONDS));
        AtomicInteger watchdogRuns = new AtomicInteger();

        timers.lane("e100", null).schedule(watchdogRuns::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);

        awaitCount(watchdogRuns, 5);
        assertTrue(watchdogRuns.get() >= 5, "e100's timer ran " + watchdogRuns.get() + " times");
    }

    @Test
    void aModulesTasksRunOneAtATimeInTheOrderTheyFallDue() throws Exception {
        ModuleTimers.Lane lane = timers.lane("m", null);
        CountDownLatch started = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        lane.schedule(blocking(started), 0, 0, TimeUnit.MILLISECONDS);
        assertTrue(started.await(5, TimeUnit.SECONDS));

        lane.schedule(() -> ran.add("second"), 0, 0, TimeUnit.MILLISECONDS);
        Thread.sleep(100);
        assertEquals(List.of(), ran);

        unblock.countDown();
        assertTrue(lane.awaitIdle(5000));
        for (int i = 0; i < 300 && ran.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of("second"), ran);
    }

    @Test
    void ticksThatFindTheTaskStillRunningAreSkippedNotQueued() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        timers.lane("slow", null).schedule(() -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (runs.incrementAndGet() == 1) {
                blocking(firstRunStarted).run();
            }
            running.decrementAndGet();
        }, 0, 10, TimeUnit.MILLISECONDS);
        assertTrue(firstRunStarted.await(5, TimeUnit.SECONDS));
        Thread.sleep(200);

        long released = System.nanoTime();
        unblock.countDown();
        Thread.sleep(30);
        int runsSince = runs.get() - 1;
        long periodsSince = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released) / 10;

        assertTrue(runsSince <= periodsSince + 2, "the 20 ticks missed during the long run were run afterwards: "
                + runsSince + " runs in " + periodsSince + " periods");
        assertEquals(1, mostAtOnce.get());
    }

    @Test
    void aTaskRunningPastTheLimitIsReportedWithWhereItIsAndInterrupted() throws Exception {
        ModuleTimers shortLimit = new ModuleTimers(Duration.ofMillis(200), log);
        CountDownLatch interrupted = new CountDownLatch(1);
        try {
            shortLimit.lane("sleepy", null).schedule(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }, 0, 0, TimeUnit.MILLISECONDS);

            assertTrue(interrupted.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 300 && !log.text().contains("sleepy: a timer task has run"); i++) {
                Thread.sleep(10);
            }
            String text = log.text();
            assertTrue(text.contains("sleepy: a timer task has run for more than 200 ms on dlkm-timer-"), text);
            assertTrue(text.contains(" at java.lang.Thread.sleep(Native Method) <- " + ModuleTimersTest.class.getName()
                    + ".lambda$"), text);
            assertTrue(text.contains("; interrupted it (a timer task must be short and must not block;"), text);
        } finally {
            shortLimit.shutdown();
        }
    }

    @Test
    void aClosedLaneCancelsItsTimersAndRunsNothingMore() throws Exception {
        ModuleTimers.Lane lane = timers.lane("m", null);
        AtomicInteger runs = new AtomicInteger();
        ModuleTimer periodic = lane.schedule(runs::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        lane.schedule(runs::incrementAndGet, 1, 0, TimeUnit.HOURS);
        awaitCount(runs, 1);

        lane.close();
        assertTrue(lane.awaitIdle(5000));
        int atClose = runs.get();
        Thread.sleep(100);

        assertEquals(atClose, runs.get());
        assertTrue(periodic.isDone());
        assertEquals(0, timers.pending());
        assertThrows(IllegalStateException.class, () -> lane.schedule(() -> { }, 0, 0, TimeUnit.SECONDS));
    }

    @Test
    void aTaskStillRunningAtCloseCanBeInterruptedAndItsWorkerIsNamed() throws Exception {
        ModuleTimers.Lane lane = timers.lane("stuck", null);
        CountDownLatch started = new CountDownLatch(1);
        lane.schedule(blocking(started), 0, 0, TimeUnit.MILLISECONDS);
        assertTrue(started.await(5, TimeUnit.SECONDS));
        lane.close();
        assertFalse(lane.awaitIdle(50));

        Optional<String> worker = lane.interruptRunning("when stuck was withdrawn");

        assertTrue(worker.orElseThrow().startsWith("dlkm-timer-"), worker.toString());
        assertTrue(lane.awaitIdle(5000));
        assertTrue(log.text().contains("stuck: a timer task was still running when stuck was withdrawn, on "
                + worker.get() + " at "), log.text());
        assertEquals(Optional.empty(), lane.interruptRunning("later"));
    }

    @Test
    void anExceptionInATaskIsLoggedAndTheTimerGoesOn() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        timers.lane("flaky", null).schedule(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("the card is gone");
        }, 0, 10, TimeUnit.MILLISECONDS);

        awaitCount(runs, 3);

        assertTrue(runs.get() >= 3);
        assertTrue(log.text().contains("flaky: timer task failed: java.lang.IllegalStateException: the card is gone"));
    }

    @Test
    void aTaskRunsWithItsModulesClassLoaderAsContextClassLoaderAndLeavesNoneBehind() throws Exception {
        ClassLoader moduleLoader = new ClassLoader(null) {
        };
        List<ClassLoader> seen = new CopyOnWriteArrayList<>();
        ModuleTimers.Lane lane = timers.lane("m", moduleLoader);
        lane.schedule(() -> seen.add(Thread.currentThread().getContextClassLoader()), 0, 0, TimeUnit.MILLISECONDS);
        for (int i = 0; i < 300 && seen.isEmpty(); i++) {
            Thread.sleep(10);
        }
        timers.lane("other", null).schedule(() -> seen.add(Thread.currentThread().getContextClassLoader()), 0, 0,
                TimeUnit.MILLISECONDS);
        for (int i = 0; i < 300 && seen.size() < 2; i++) {
            Thread.sleep(10);
        }

        assertEquals(2, seen.size());
        assertEquals(moduleLoader, seen.get(0));
        assertEquals(null, seen.get(1));
    }

    @Test
    void aCancelledTimerRunsNoMoreAndIsDone() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ModuleTimer timer = timers.lane("m", null).schedule(runs::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        awaitCount(runs, 1);

        timer.cancel();
        Thread.sleep(50);
        int atCancel = runs.get();
        Thread.sleep(100);

        assertEquals(atCancel, runs.get());
        assertTrue(timer.isDone());
    }
}
