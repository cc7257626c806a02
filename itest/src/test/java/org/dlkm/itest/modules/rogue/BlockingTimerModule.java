package org.dlkm.itest.modules.rogue;

import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module whose timer task blocks, as a driver waiting for hardware that never answers would: every 100 ms a task
 * is due, and the first one sleeps until it is interrupted.
 */
public final class BlockingTimerModule implements KernelModule {

    @Override
    public void load(ModuleContext context) throws Exception {
        context.schedule(() -> {
            context.log("timer task blocks");
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public int unload() {
        return 0;
    }
}
