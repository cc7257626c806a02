package org.dlkm.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.device.DeviceService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * A real Felix framework booted for a benchmark: storage cleaned at its first init, the kernel API exported by the
 * system bundle from the benchmark's class path, SCR and what it needs installed and started, and, for the dlkm side,
 * the kernel runtime. Both sides of a comparison boot through here with the same properties and bundles, the raw
 * side without the kernel runtime.
 *
 * <p>Why the API comes from the class path: the benchmark calls {@link KernelService} directly, so its classes must
 * be the ones the kernel runtime implements and the modules import. The system bundle exports the kernel API jar's
 * own {@code Export-Package} clauses (see {@link Distribution#kernelApiExports()}), and the kernel API bundle is not
 * installed, so there is exactly one copy of each API class.
 *
 * <p>Not thread-safe: booted, used and closed by one benchmark thread.
 */
public final class BenchFramework implements AutoCloseable {
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final Framework framework;
    private final Path storage;

    private BenchFramework(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    /**
     * The framework properties both sides share, plus the kernel's: its home and module directory.
     *
     * @param storage the framework's storage directory, cleaned at the framework's first init
     * @param home the kernel home ({@code dlkm.home})
     * @param modules the module directory ({@code dlkm.modules})
     */
    public static Map<String, String> properties(Path storage, Path home, Path modules) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, Distribution.kernelApiExports());
        properties.put("felix.log.level", "1");
        properties.put("dlkm.home", home.toString());
        properties.put("dlkm.modules", modules.toString());
        return properties;
    }

    /**
     * Boots a framework: init, start, then installs and starts each bundle in order. With the kernel runtime among
     * the bundles, the kernel is ready when this returns: the runtime boots on a thread of its own, and this waits
     * until its kernel service says {@code running} (boot list included).
     *
     * @param properties the framework properties, from {@link #properties}
     * @param bundles the bundles to install (by file location) and start, in order
     * @return the running framework
     */
    public static BenchFramework boot(Map<String, String> properties, List<Path> bundles)
            throws BundleException {
        return boot(properties, bundles, List.of());
    }

    /**
     * Boots a framework as {@link #boot(Map, List)} does, with more bundles installed beside the others (so that the
     * kernel runtime's optional imports of them are wired) but started only once the kernel has booted, as the
     * launcher starts FileInstall: their first work then finds the kernel's services registered.
     *
     * @param afterBoot the bundles to install with the others and start after the kernel's boot, in order
     */
    public static BenchFramework boot(Map<String, String> properties, List<Path> bundles, List<Path> afterBoot)
            throws BundleException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, BenchFramework.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework (Felix) on the class path"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        framework.start();
        BenchFramework booted = new BenchFramework(framework, Path.of(properties.get(Constants.FRAMEWORK_STORAGE)));
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            List<Bundle> later = new ArrayList<>();
            for (Path jar : afterBoot) {
                later.add(context.installBundle(jar.toUri().toString()));
            }
            for (Path jar : bundles) {
                installed.add(context.installBundle(jar.toUri().toString()));
            }
            for (Bundle bundle : installed) {
                bundle.start();
            }
            awaitBooted(context);
            for (Bundle bundle : later) {
                bundle.start();
            }
        } catch (BundleException | RuntimeException e) {
            booted.stop();
            throw e;
        }
        return booted;
    }

    /** Waits for a kernel service in the framework to say it has booted; returns at once if there is none. */
    private static void awaitBooted(BundleContext context) {
        if (context.getServiceReference(KernelService.class) == null) {
            return;
        }
        String running = "(&(objectClass=" + KernelService.class.getName() + ")(" + KernelService.STATE_PROPERTY + "="
                + KernelService.STATE_RUNNING + "))";
        java.util.concurrent.CountDownLatch booted = new java.util.concurrent.CountDownLatch(1);
        org.osgi.framework.ServiceListener listener = event -> booted.countDown();
        try {
            context.addServiceListener(listener, running);
            if (context.getServiceReferences(KernelService.class.getName(), running) != null) {
                booted.countDown();
            }
            if (!booted.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the kernel did not boot within 60 s");
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the kernel booted", e);
        } finally {
            context.removeServiceListener(listener);
        }
    }

    /** @return the system bundle's context */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** @return the kernel service; the framework must have been booted with the kernel runtime */
    public KernelService kernel() {
        return service(KernelService.class);
    }

    /** @return the module catalog; the framework must have been booted with the kernel runtime */
    public ModuleCatalog catalog() {
        return service(ModuleCatalog.class);
    }

    /** @return the kernel's devices; needs the kernel runtime */
    public DeviceService devices() {
        return service(DeviceService.class);
    }

    /** @return the module image updates ({@code config -M}, {@code kmupdate -M}); needs the kernel runtime */
    public ModuleImages images() {
        return service(ModuleImages.class);
    }

    private <S> S service(Class<S> type) {
        ServiceReference<S> ref = context().getServiceReference(type);
        if (ref == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " service: did the kernel runtime start?");
        }
        return context().getService(ref);
    }

    /** Stops the framework and waits for it; leaves its storage. */
    public void stop() {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MILLIS);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                throw new IllegalStateException("the framework did not stop within " + STOP_TIMEOUT_MILLIS + " ms");
            }
        } catch (BundleException e) {
            throw new IllegalStateException("the system bundle refused to stop: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the framework", e);
        }
    }

    /** Stops the framework and deletes its storage. */
    @Override
    public void close() throws IOException {
        stop();
        TempFiles.delete(storage);
    }

    /** @return the framework's storage directory */
    public Path storage() {
        return storage;
    }
}
