package org.dlkm.kernel.runtime.internal.loader;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/** Module wrappers for the loader's unit tests, loaded from the test class path by {@link FakeFramework}. */
final class TestModules {
    private TestModules() {
    }

    /**
     * Writes a module jar: a manifest naming the wrapper and a master file; the classes stay on the class path.
     *
     * @return the jar
     */
    static Path jar(Path dir, String name, Class<? extends KernelModule> wrapper) throws IOException {
        return jar(dir, name, wrapper, "", Map.of());
    }

    /**
     * Writes a module jar with more master file sections and manifest headers.
     *
     * @param sections master file sections after {@code $TYPE}, such as a {@code $DRIVER_INSTALL}
     * @param headers manifest headers besides the module's own, such as {@code Export-Package}
     * @return the jar
     */
    static Path jar(Path dir, String name, Class<? extends KernelModule> wrapper, String sections,
            Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-SymbolicName", "org.dlkm.test." + name);
        a.putValue("DLKM-Module-Class", wrapper.getName());
        headers.forEach(a::putValue);
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("META-INF/dlkm/master"));
            out.write(("$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\n" + name + " misc\n$$$\n"
                    + sections).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** Loads: publishes a proc entry, starts a thread and a timer. Unloads when asked. */
    public static final class Working implements KernelModule {
        @Override
        public void load(ModuleContext context) throws Exception {
            context.publishProc("/proc/vmware/" + context.moduleName(), () -> "loaded\n");
            context.startThread("worker", TestModules::sleepUntilInterrupted);
            context.schedule(() -> { }, 1, 1, TimeUnit.HOURS);
        }

        @Override
        public int unload() {
            return 0;
        }
    }

    /** Does what {@link Working} does, then throws an {@link OutOfMemoryError}. */
    public static final class OutOfMemory implements KernelModule {
        @Override
        public void load(ModuleContext context) throws Exception {
            new Working().load(context);
            throw new OutOfMemoryError("no room for the ring");
        }

        @Override
        public int unload() {
            return 0;
        }
    }

    /** Does what {@link Working} does, then fails with EIO. */
    public static final class Failing implements KernelModule {
        @Override
        public void load(ModuleContext context) throws Exception {
            new Working().load(context);
            throw new KernelException(Errno.EIO, "the card did not answer");
        }

        @Override
        public int unload() {
            return 0;
        }
    }

    /** Cannot be built: its static initializer throws (once per JVM: the class then stays unusable). */
    public static final class BrokenStaticInitializer implements KernelModule {
        private static final int RING = ringSize();

        private static int ringSize() {
            throw new IllegalStateException("no ring size for this card");
        }

        @Override
        public void load(ModuleContext context) {
            context.log("ring " + RING);
        }

        @Override
        public int unload() {
            return 0;
        }
    }

    /** Cannot be built: its constructor throws an exception whose message leaves out the one it wraps. */
    public static final class ConstructorFailingWithACause implements KernelModule {
        public ConstructorFailingWithACause() {
            throw new IllegalStateException("the card is not ready", new IOException("no BAR 0"));
        }

        @Override
        public void load(ModuleContext context) {
        }

        @Override
        public int unload() {
            return 0;
        }
    }

    /** Sleeps in its load until interrupted. */
    public static final class Sleeping implements KernelModule {
        @Override
        public void load(ModuleContext context) throws Exception {
            Thread.sleep(Long.MAX_VALUE);
        }

        @Override
        public int unload() {
            return 0;
        }
    }

    static void sleepUntilInterrupted() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
