package org.dlkm.itest.modules.greedy;

import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module that takes what the kernel gives until it is refused, depending on the name it is loaded under:
 * {@code greedythreads...} starts threads through its context, {@code greedytimers...} starts hour-long timers. It
 * logs how many it got and the refusal ({@code got 10 threads, then: ... (EAGAIN)}), and keeps them until unloaded.
 */
public final class GreedyModule implements KernelModule {
    private static final int ENOUGH = 1000;

    @Override
    public void load(ModuleContext context) throws Exception {
        boolean threads = context.moduleName().startsWith("greedythreads");
        int got = 0;
        try {
            for (; got < ENOUGH; got++) {
                if (threads) {
                    context.startThread("t" + got, GreedyModule::sleepUntilInterrupted);
                } else {
                    context.schedule(() -> { }, 1, 0, TimeUnit.HOURS);
                }
            }
            context.log("got " + got + (threads ? " threads" : " timers") + ", never refused");
        } catch (KernelException e) {
            context.log("got " + got + (threads ? " threads" : " timers") + ", then: " + e.getMessage() + " ("
                    + e.errno() + ")");
        }
    }

    private static void sleepUntilInterrupted() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int unload() {
        return 0;
    }
}
