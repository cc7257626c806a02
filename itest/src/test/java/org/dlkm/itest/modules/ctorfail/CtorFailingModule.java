package org.dlkm.itest.modules.ctorfail;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/** A module whose wrapper cannot be built: its constructor throws a {@link LinkageError}. */
public final class CtorFailingModule implements KernelModule {

    public CtorFailingModule() {
        throw new LinkageError("the wrapper's constructor found an incompatible class");
    }

    @Override
    public void load(ModuleContext context) {
        // never reached
    }

    @Override
    public int unload() {
        return 0;
    }
}
