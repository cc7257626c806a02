package org.dlkm.itest.modules.plain;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/** A module that loads and unloads without doing anything: the building block of dependency tests. */
public final class PlainModule implements KernelModule {

    @Override
    public void load(ModuleContext context) {
        context.log("loaded");
    }

    @Override
    public int unload() {
        return 0;
    }
}
