package org.dlkm.bench.wrapper;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * The module wrapper of every generated benchmark module. Its class file is copied into each generated jar, in a
 * package the jar keeps private: each module bundle loads its own copy with its own class loader. It does nothing,
 * so that a benchmark measures the kernel's work, not a module's.
 *
 * <p>Threading: the kernel calls it on one thread at a time; it keeps no state.
 */
public final class GeneratedModule implements KernelModule {

    /** Creates the wrapper; the kernel does this once per load. */
    public GeneratedModule() {
        // nothing to set up
    }

    @Override
    public void load(ModuleContext context) {
        // a generated module claims and registers nothing
    }

    @Override
    public int unload() {
        return 0;
    }
}
