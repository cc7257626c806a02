package org.dlkm.itest.modules.throwing;

import java.util.concurrent.atomic.AtomicBoolean;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module that registers a proc entry and a thread, then throws, depending on the name it is loaded under:
 * {@code oomload} an {@link OutOfMemoryError}, {@code soeload} a real {@link StackOverflowError}, {@code linkload}
 * a {@link NoClassDefFoundError}, {@code rteload} an {@link IllegalStateException}. {@code errunload},
 * {@code oomunload}, {@code soeunload}, {@code linkunload} and {@code rteunload} load, and their first
 * {@code unload} throws an {@link AssertionError}, an {@link OutOfMemoryError}, a real {@link StackOverflowError}, a
 * {@link NoClassDefFoundError} or an {@link IllegalStateException} (their second returns 0).
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
        if (!name.endsWith("unload") || !thrownOnce.compareAndSet(false, true)) {
            return 0;
        }
        switch (name) {
            case "oomunload" -> throw new OutOfMemoryError("no heap to tear down");
            case "soeunload" -> {
                return recurse(0);
            }
            case "linkunload" -> throw new NoClassDefFoundError("org/dlkm/missing/Teardown");
            case "rteunload" -> throw new IllegalStateException("the card would not reset");
            default -> throw new AssertionError("the unload's bookkeeping is broken");
        }
    }
}
