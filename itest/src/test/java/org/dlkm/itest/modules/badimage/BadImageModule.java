package org.dlkm.itest.modules.badimage;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/** A new image of a module that does not load: its {@code load} throws, as a broken update's would. */
public final class BadImageModule implements KernelModule {

    @Override
    public void load(ModuleContext context) {
        throw new IllegalStateException("this image does not load");
    }

    @Override
    public int unload() {
        return 0;
    }
}
