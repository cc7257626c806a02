package org.dlkm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The baseline: raw Felix doing the bundle work the kernel does for a module, step for step and nothing else.
 * Install from an input stream on the jar (location: the jar's URI), resolve through {@link FrameworkWiring}, start;
 * then stop, uninstall, and refresh, waiting for {@link FrameworkEvent#PACKAGES_REFRESHED}.
 *
 * <p>Not thread-safe: used by one benchmark thread.
 */
public final class RawLifecycle {
    private static final long REFRESH_TIMEOUT_SECONDS = 30;

    private final BundleContext context;
    private final FrameworkWiring wiring;

    /** @param context the system bundle's context */
    public RawLifecycle(BundleContext context) {
        this.context = context;
        this.wiring = context.getBundle(0).adapt(FrameworkWiring.class);
    }

    /**
     * Installs a jar from an input stream, resolves it and starts it.
     *
     * @return the started bundle
     */
    public Bundle installResolveStart(Path jar) throws IOException, BundleException {
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar)) {
            bundle = context.installBundle(jar.toUri().toString(), in);
        }
        if (!wiring.resolveBundles(List.of(bundle))) {
            throw new BundleException(jar + ": bundle " + bundle.getSymbolicName() + " does not resolve",
                    BundleException.RESOLVE_ERROR);
        }
        bundle.start();
        return bundle;
    }

    /** Stops, uninstalls and refreshes a bundle, and waits for the refresh. */
    public void stopUninstallRefresh(Bundle bundle) throws BundleException, InterruptedException {
        stopAndUninstall(bundle);
        refresh(List.of(bundle));
    }

    /** Stops and uninstalls a bundle, without a refresh. */
    public void stopAndUninstall(Bundle bundle) throws BundleException {
        bundle.stop();
        bundle.uninstall();
    }

    /** Refreshes bundles and waits until the framework reports the refresh done. */
    public void refresh(Collection<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a refresh did not finish within " + REFRESH_TIMEOUT_SECONDS + " s");
        }
    }
}
