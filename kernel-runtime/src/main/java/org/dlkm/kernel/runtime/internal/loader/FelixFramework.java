package org.dlkm.kernel.runtime.internal.loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

    public FelixFramework(BundleContext context) {
        this.context = context;
    }

    @Override
    public Bundle install(Path jar) throws BundleException, IOException {
        try (InputStream in = Files.newInputStream(jar)) {
            return context.installBundle(jar.toUri().toString(), in);
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
