package org.dlkm.kernel.runtime.internal.loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The framework seam over the running OSGi framework, through the runtime bundle's context.
 *
 * <p>Threading: stateless; every method may be called from any thread.
 */
public final class FelixFramework implements FrameworkSeam {
    static final long REFRESH_TIMEOUT_SECONDS = 30;

    private final BundleContext context;
    /** How many installs this seam made: each one's location carries its number. */
    private final AtomicLong installs = new AtomicLong();

    public FelixFramework(BundleContext context) {
        this.context = context;
    }

    /**
     * Installs the jar at a location no bundle has: the jar's URI with the number of this install as its fragment
     * ({@code file:/.../e100.jar#load-3}). The framework answers an install at a location already taken with the
     * bundle installed there, not a new one; with the path alone as the location, a second load from the same path
     * (another module written over the jar, or a bundle installed from it behind the kernel's back) would be handed
     * that bundle, and its rollback or unload would uninstall it.
     */
    @Override
    public Bundle install(Path jar) throws BundleException, IOException {
        String location;
        do {
            location = jar.toUri() + "#load-" + installs.incrementAndGet();
        } while (context.getBundle(location) != null);
        try (InputStream in = Files.newInputStream(jar)) {
            return context.installBundle(location, in);
        }
    }

    @Override
    public boolean resolve(Bundle bundle) {
        return wiring().resolveBundles(List.of(bundle));
    }

    @Override
    public void start(Bundle bundle) throws BundleException {
        bundle.start();
    }

    @Override
    public void stop(Bundle bundle) throws BundleException {
        int state = bundle.getState();
        if (state == Bundle.ACTIVE || state == Bundle.STARTING) {
            bundle.stop();
        }
    }

    @Override
    public void uninstall(Bundle bundle) throws BundleException {
        if (bundle.getState() != Bundle.UNINSTALLED) {
            bundle.uninstall();
        }
    }

    @Override
    public boolean refresh(Bundle bundle) {
        CountDownLatch done = new CountDownLatch(1);
        wiring().refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            return done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private FrameworkWiring wiring() {
        return context.getBundle(0).adapt(FrameworkWiring.class);
    }
}
