package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.tune.KernelLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveThreads_LimitsTest {
    private final FixedLimits limits = new FixedLimits().with(KernelLimits.NPROC, 3).with(KernelLimits.MAXUPRC, 2);
    private final LiveThreads threads = new LiveThreads(new KernelLog(Clock.systemUTC()), limits);
    private final CountDownLatch end = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void endThreads() throws InterruptedException {
        end.countDown();
        for (Thread t : started) {
            t.join(5000);
        }
    }

    private void start(String module) throws KernelException {
        Thread t = new Thread(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, module + "-" + started.size());
        threads.admit(module, t);
        started.add(t);
        t.start();
    }

    @Test
    void aModulePastMaxuprcGetsEagainNamingTheLimit() throws Exception {
        start("a");
        start("a");
        KernelException e = assertThrows(KernelException.class, () -> start("a"));
        assertEquals(Errno.EAGAIN, e.errno());
        assertTrue(e.getMessage().startsWith("a: cannot start thread a-2: the module has 2 threads alive, the limit"
                + " maxuprc 2;"), e.getMessage());
    }

    @Test
    void theKernelPastNprocRefusesEveryModuleAndThreadsThatEndedNoLongerCount() throws Exception {
        start("a");
        start("a");
        start("b");
        KernelException e = assertThrows(KernelException.class, () -> start("c"));
        assertEquals(Errno.EAGAIN, e.errno());
        assertTrue(e.getMessage().contains("3 module threads are alive kernel-wide, the limit nproc 3"),
                e.getMessage());
        end.countDown();
        for (Thread t : started) {
            t.join(5000);
        }
        threads.admit("c", new Thread(() -> { }));
    }

    @Test
    void raisingADynamicLimitTakesEffectAtTheNextStart() throws Exception {
        start("a");
        start("a");
        limits.with(KernelLimits.MAXUPRC, 3);
        start("a");
    }
}
