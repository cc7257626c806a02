package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.tune.KernelLimits;
import org.dlkm.kernel.spi.ModuleTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModuleTimers_TunablesTest {
    private final FixedLimits limits = new FixedLimits().with(KernelLimits.NCALLOUT, 20);
    private final ModuleTimers timers = new ModuleTimers(() -> Duration.ofSeconds(30), limits,
            new KernelLog(Clock.systemUTC()));

    @AfterEach
    void stop() {
        timers.shutdown();
    }

    @Test
    void pendingTimersPastNcalloutAreRefusedWithEagainAndEndedOnesNoLongerCount() throws Exception {
        ModuleTimers.Lane lane = timers.lane("m", null);
        List<ModuleTimer> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(lane.schedule(() -> { }, 1, 0, TimeUnit.HOURS));
        }
        KernelException e = assertThrows(KernelException.class,
                () -> timers.lane("other", null).schedule(() -> { }, 1, 0, TimeUnit.HOURS));
        assertEquals(Errno.EAGAIN, e.errno());
        assertTrue(e.getMessage().startsWith("other: cannot start a timer: 20 module timers are pending"
                + " kernel-wide, the limit ncallout 20;"), e.getMessage());
        all.get(0).cancel();
        timers.lane("other", null).schedule(() -> { }, 1, 0, TimeUnit.HOURS);
    }

    @Test
    void theKernelTunesCalloutWorkersAsPendingTimersGrowAndShrink() throws Exception {
        ModuleTimers.Lane lane = timers.lane("m", null);
        lane.schedule(() -> { }, 1, 0, TimeUnit.HOURS);
        assertEquals(1, limits.get(KernelLimits.CALLOUT_WORKERS));
        for (int i = 0; i < 16; i++) {
            lane.schedule(() -> { }, 1, 0, TimeUnit.HOURS);
        }
        assertEquals(3, limits.get(KernelLimits.CALLOUT_WORKERS));
        lane.close();
        assertEquals(1, limits.get(KernelLimits.CALLOUT_WORKERS));
    }
}
