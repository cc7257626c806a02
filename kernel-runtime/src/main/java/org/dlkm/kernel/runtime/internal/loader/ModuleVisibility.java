package org.dlkm.kernel.runtime.internal.loader;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.spi.ModuleConstants;
import org.osgi.framework.Bundle;

/**
 * Which bundles are kernel modules, which the kernel has admitted (is loading or has loaded), and which of those
 * export their symbols. Read by the resolver hook, written by the kernel.
 *
 * <p>Threading: lock-free; the hook reads it on the framework's resolver thread without blocking.
 */
public final class ModuleVisibility {
    private final Map<Long, Boolean> admitted = new ConcurrentHashMap<>();
    /**
     * Bundles known not to be modules (infrastructure such as the kernel API), so that the hook reads a bundle's
     * headers once rather than for every candidate of every resolution. Only "not a module" is remembered: a
     * module jar is either admitted or refused, and bundle IDs are never reused.
     */
    private final Set<Long> notModules = ConcurrentHashMap.newKeySet();

    /** Admits a bundle the kernel is loading: it may resolve, and its packages are visible if {@code export}. */
    public void admit(long bundleId, boolean export) {
        admitted.put(bundleId, export);
    }

    /** Forgets a bundle that was unloaded or whose load failed. */
    public void forget(long bundleId) {
        admitted.remove(bundleId);
    }

    /** @return whether the bundle is a kernel module: admitted, or carrying {@code DLKM-Module-Class} */
    public boolean isModule(Bundle bundle) {
        long id = bundle.getBundleId();
        if (admitted.containsKey(id)) {
            return true;
        }
        if (notModules.contains(id)) {
            return false;
        }
        boolean module = bundle.getHeaders("").get(ModuleConstants.MODULE_CLASS_HEADER) != null;
        if (!module) {
            notModules.add(id);
        }
        return module;
    }

    /** @return whether the kernel admitted the bundle */
    public boolean isAdmitted(Bundle bundle) {
        return admitted.containsKey(bundle.getBundleId());
    }

    /** @return whether the bundle's exported packages are visible to other bundles */
    public boolean exportsSymbols(Bundle bundle) {
        Boolean export = admitted.get(bundle.getBundleId());
        if (export != null) {
            return export;
        }
        return !isModule(bundle);
    }
}
