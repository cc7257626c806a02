package org.dlkm.itest.modules.throwing;

import java.util.concurrent.atomic.AtomicBoolean;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module that registers a proc entry and a thread, then throws, depending on the name it is loaded under:
 * {@code oomload} an {@link OutOfMemoryError}, {@code soeload} a real {@link StackOverflowError}, {@code linkload}
 * a {@link NoClassDefFoundError}, {@code rteload} an {@link IllegalStateException}; {@code errunload} loads, and
 * its first {@code unload} throws an {@link AssertionError} (its second returns 0).
 */
public final class ThrowingModule implements KernelModule {
    private final AtomicBoolean thrownOnce = new AtomicBoolean();
    private String name;

    @Override
    public void load(ModuleContext context) throws Exception {
        name = context.moduleName();
        context.publishProc("/proc/vmware/" + name + "/state", () -> "half loaded\n");
        context.startThread("worker", () -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        switch (name) {
            case "oomload" -> throw new OutOfMemoryError("cannot allocate the module's tables");
            case "soeload" -> recurse(0);
            case "linkload" -> throw new NoClassDefFoundError("org/dlkm/missing/Helper");
            case "rteload" -> throw new IllegalStateException("the hardware is in a bad state");
            default -> {
            }
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Override
    public int unload() {
        if (name.equals("errunload") && thrownOnce.compareAndSet(false, true)) {
            throw new AssertionError("the unload's bookkeeping is broken");
        }
        return 0;
    }
}
