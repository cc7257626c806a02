package org.dlkm.itest.modules.hang;

import java.util.concurrent.atomic.AtomicBoolean;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module that never returns, depending on the name it is loaded under: {@code hangload} sleeps in its
 * {@code load} until interrupted; {@code hangunload} loads, starts a thread, and sleeps in its first
 * {@code unload} until interrupted (its second unload returns at once).
 */
public final class HangingModule implements KernelModule {
    private final AtomicBoolean hungOnce = new AtomicBoolean();
    private String name;

    @Override
    public void load(ModuleContext context) throws Exception {
        name = context.moduleName();
        context.startThread("worker", () -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (name.equals("hangload")) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Override
    public int unload() {
        if (name.equals("hangunload") && hungOnce.compareAndSet(false, true)) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }
}
