package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.runtime.internal.KernelLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

/**
 * Finding a module's threads without a framework: the module's code is the {@link Rogue} class and its class loader a
 * stand-in. A thread is the module's if its context class loader is the module's, or if it was created since the load
 * and runs the module's code.
 */
class LiveThreadsTest {
    private final KernelLog log = new KernelLog(Clock.systemUTC());
    private final LiveThreads liveThreads = new LiveThreads(log);
    private final ClassLoader moduleLoader = new ClassLoader(null) {
    };
    private final LiveThreads.ModuleCode code = new LiveThreads.ModuleCode() {
        @Override
        public ClassLoader loader() {
            return moduleLoader;
        }

        @Override
        public boolean defines(String className) {
            return className.equals(Rogue.class.getName());
        }
    };
    /** Ends every thread a test started, whatever it does with interrupts. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    /** The module's code: sleeps until interrupted, or until the test is over if it ignores interrupts. */
    static final class Rogue implements Runnable {
        private final CountDownLatch running;
        private final boolean ignoresInterrupts;
        private final CountDownLatch testOver;

        Rogue(CountDownLatch running, boolean ignoresInterrupts, CountDownLatch testOver) {
            this.running = running;
            this.ignoresInterrupts = ignoresInterrupts;
            this.testOver = testOver;
        }

        @Override
        public void run() {
            running.countDown();
            while (testOver.getCount() > 0) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    if (!ignoresInterrupts) {
                        return;
                    }
                }
            }
        }
    }

    @AfterEach
    void stop() {
        testOver.countDown();
    }

    private Thread start(String name, Runnable body) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            running.countDown();
            body.run();
        }, name);
        t.setDaemon(true);
        t.start();
        assertTrue(running.await(5, TimeUnit.SECONDS));
        return t;
    }

    private Thread startRogue(String name, boolean ignoresInterrupts) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Thread t = start(name, new Rogue(running, ignoresInterrupts, testOver));
        assertTrue(running.await(5, TimeUnit.SECONDS));
        // in its sleep, not still on its way there: the log names where the thread was when it was interrupted
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return t;
    }

    @Test
    void aThreadCreatedSinceTheLoadThatRunsTheModulesCodeIsTheModules() throws Exception {
        long since = LiveThreads.newestThreadId();
        Thread rogue = startRogue("rogue-1", false);

        assertEquals(List.of(rogue), liveThreads.find(code, since));
    }

    @Test
    void aThreadOlderThanTheLoadIsNotReadForTheModulesCode() throws Exception {
        startRogue("old-1", false);
        long since = LiveThreads.newestThreadId();

        assertEquals(List.of(), liveThreads.find(code, since));
    }

    @Test
    void anyThreadWithTheModulesContextClassLoaderIsTheModules() throws Exception {
        Thread pooled = start("pool-1", () -> {
            try {
                testOver.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pooled.setContextClassLoader(moduleLoader);

        assertEquals(List.of(pooled), liveThreads.find(code, Long.MAX_VALUE));
    }

    /** The class loader of another bundle, whose classes may have the same names as the module's. */
    private static final class OtherBundlesLoader extends ClassLoader implements BundleReference {
        OtherBundlesLoader() {
            super(null);
        }

        @Override
        public Bundle getBundle() {
            return null;
        }
    }

    @Test
    void aThreadWithAnotherBundlesContextClassLoaderIsThatBundlesWhateverItRuns() throws Exception {
        long since = LiveThreads.newestThreadId();
        Thread copy = startRogue("copy-1", false);
        copy.setContextClassLoader(new OtherBundlesLoader());

        assertEquals(List.of(), liveThreads.find(code, since));
    }

    @Test
    void theCallerIsNeverOneOfTheModulesThreads() {
        ClassLoader own = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(moduleLoader);
        try {
            assertEquals(List.of(), liveThreads.find(code, 0));
        } finally {
            Thread.currentThread().setContextClassLoader(own);
        }
    }

    @Test
    void interruptingEndsTheModulesThreadsAndNamesEachInTheResultAndTheLog() throws Exception {
        long since = LiveThreads.newestThreadId();
        Thread rogue = startRogue("rogue-1", false);

        List<String> interrupted = liveThreads.interrupt("rogue", code, since, "when rogue was withdrawn");

        assertEquals(List.of("rogue-1"), interrupted);
        rogue.join(5000);
        assertFalse(rogue.isAlive());
        assertTrue(log.text().contains("rogue: thread rogue-1 was still running when rogue was withdrawn, at "
                + "java.lang.Thread.sleep(Native Method) <- " + Rogue.class.getName() + ".run("), log.text());
        assertFalse(log.text().contains("did not end"), log.text());
    }

    @Test
    void aThreadThatIgnoresItsInterruptIsReportedAsKeepingTheClassLoader() throws Exception {
        long since = LiveThreads.newestThreadId();
        startRogue("stubborn-1", true);

        assertEquals(List.of("stubborn-1"), liveThreads.interrupt("rogue", code, since, "when rogue was withdrawn"));

        assertTrue(log.text().contains("rogue: thread stubborn-1 did not end within " + LiveThreads.STOP_TIMEOUT_MILLIS
                + " ms of its interrupt; it keeps the module's class loader from being collected"), log.text());
    }

    @Test
    void nothingIsFoundOrInterruptedForAModuleWithoutThreads() {
        assertEquals(List.of(), liveThreads.interrupt("quiet", code, LiveThreads.newestThreadId(), "at unload"));
        assertEquals("", log.text());
    }
}
