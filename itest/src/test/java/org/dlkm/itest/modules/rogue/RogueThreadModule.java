package org.dlkm.itest.modules.rogue;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module that starts a thread of its own with {@code new Thread} ({@code <module>-1}), beside one started through
 * its context ({@code dlkm-<module>-worker}), and stops neither in its unload: the kernel must find the first and
 * stop both.
 */
public final class RogueThreadModule implements KernelModule {

    @Override
    public void load(ModuleContext context) throws Exception {
        context.startThread("worker", RogueThreadModule::sleepUntilInterrupted);
        Thread rogue = new Thread(RogueThreadModule::sleepUntilInterrupted, context.moduleName() + "-1");
        rogue.setDaemon(true);
        rogue.start();
    }

    private static void sleepUntilInterrupted() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public int unload() {
        return 0;
    }
}
