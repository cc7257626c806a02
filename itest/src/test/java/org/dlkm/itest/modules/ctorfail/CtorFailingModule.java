package org.dlkm.itest.modules.ctorfail;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * A module whose wrapper cannot be built: its constructor throws, what depending on the name of the module it is
 * built in ({@code org.dlkm.itest.<name>}): {@code ctorlink} a {@link LinkageError}, {@code ctoroom} an
 * {@link OutOfMemoryError}, {@code ctorsoe} a real {@link StackOverflowError}, {@code ctorrte} an
 * {@link IllegalStateException}.
 */
public final class CtorFailingModule implements KernelModule {

    public CtorFailingModule() {
        String name = FrameworkUtil.getBundle(getClass()).getSymbolicName().replace("org.dlkm.itest.", "");
        switch (name) {
            case "ctoroom" -> throw new OutOfMemoryError("no heap for the wrapper");
            case "ctorsoe" -> recurse(0);
            case "ctorrte" -> throw new IllegalStateException("the wrapper found the card in a bad state");
            default -> throw new LinkageError("the wrapper's constructor found an incompatible class");
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
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
