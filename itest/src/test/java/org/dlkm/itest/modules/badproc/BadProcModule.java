package org.dlkm.itest.modules.badproc;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module whose proc readers fail when read: {@code /proc/vmware/badproc/npe} throws a
 * {@link NullPointerException}, {@code /proc/vmware/badproc/deep} overflows its stack.
 */
public final class BadProcModule implements KernelModule {
    private String ring;

    @Override
    public void load(ModuleContext context) throws Exception {
        context.publishProc("/proc/vmware/badproc/npe", () -> "ring: " + ring.length() + "\n");
        context.publishProc("/proc/vmware/badproc/deep", () -> depth(0));
    }

    private static String depth(int level) {
        return depth(level + 1) + level;
    }

    @Override
    public int unload() {
        return 0;
    }
}
