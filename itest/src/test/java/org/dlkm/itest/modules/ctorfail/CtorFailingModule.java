package org.dlkm.itest.modules.ctorfail;

import java.io.IOException;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * A module whose wrapper cannot be built: its constructor throws, what depending on the name of the module it is
 * built in ({@code org.dlkm.itest.<name>}): {@code ctorlink} a {@link LinkageError}, {@code ctoroom} an
 * {@link OutOfMemoryError}, {@code ctorsoe} a real {@link StackOverflowError}, {@code ctorrte} an
 * {@link IllegalStateException}, {@code ctorcause} an {@link IllegalStateException} whose message leaves out the
 * {@link IOException} it wraps; in {@code ctorinit} its static initializer throws an {@link IllegalStateException}
 * (each module jar is a bundle of its own, so the class is initialized once per module).
 */
public final class CtorFailingModule implements KernelModule {
    private static final String NAME = moduleName();

    public CtorFailingModule() {
        switch (NAME) {
            case "ctoroom" -> throw new OutOfMemoryError("no heap for the wrapper");
            case "ctorsoe" -> recurse(0);
            case "ctorrte" -> throw new IllegalStateException("the wrapper found the card in a bad state");
            case "ctorcause" -> throw new IllegalStateException("the card is not ready", new IOException("no BAR 0"));
            default -> throw new LinkageError("the wrapper's constructor found an incompatible class");
        }
    }

    private static String moduleName() {
        String name = FrameworkUtil.getBundle(CtorFailingModule.class).getSymbolicName().replace("org.dlkm.itest.", "");
        if (name.equals("ctorinit")) {
            throw new IllegalStateException("the wrapper's tables cannot be sized");
        }
        return name;
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
