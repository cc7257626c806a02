package org.dlkm.kernel.runtime.internal.loader;

import java.nio.file.Path;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * The loader's only way into the framework: the six bundle operations a load and an unload are made of. Small on
 * purpose, so that the loader's transactions and their rollback can be tested without a framework.
 *
 * <p>Threading: every method may be called from any thread; the kernel calls them with the transition lock held.
 */
public interface FrameworkSeam {

    /**
     * Installs a module jar as a new bundle, at a location of its own: never the bundle of another load, even from
     * the same path.
     */
    Bundle install(Path jar) throws BundleException, java.io.IOException;

    /** @return whether the bundle resolved */
    boolean resolve(Bundle bundle);

    /** Starts the bundle (it has no activator of its own). */
    void start(Bundle bundle) throws BundleException;

    /** Stops the bundle if it is starting or active. */
    void stop(Bundle bundle) throws BundleException;

    /** Uninstalls the bundle unless it is uninstalled already. */
    void uninstall(Bundle bundle) throws BundleException;

    /**
     * Refreshes the bundle so that its old revision and class loader go, and waits for the refresh, for a bounded
     * time.
     *
     * @return whether the refresh finished in time
     */
    boolean refresh(Bundle bundle);
}
