package org.dlkm.kernel.runtime.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;

/**
 * Which bundles are kernel modules, which the kernel has admitted (is loading or has loaded), and which of those
 * export their symbols. Read by the resolver hook, written by the kernel.
 *
 * <p>Threading: lock-free; the hook reads it on the framework's resolver thread without blocking.
 */
final class ModuleVisibility {
    private final Map<Long, Boolean> admitted = new ConcurrentHashMap<>();

    /** Admits a bundle the kernel is loading: it may resolve, and its packages are visible if {@code export}. */
    void admit(long bundleId, boolean export) {
        admitted.put(bundleId, export);
    }

    /** Forgets a bundle that was unloaded or whose load failed. */
    void forget(long bundleId) {
        admitted.remove(bundleId);
    }

    /** @return whether the bundle is a kernel module: admitted, or carrying {@code DLKM-Module-Class} */
    boolean isModule(Bundle bundle) {
        if (admitted.containsKey(bundle.getBundleId())) {
            return true;
        }
        return bundle.getHeaders("").get(ModuleJar.MODULE_CLASS_HEADER) != null;
    }

    /** @return whether the kernel admitted the bundle */
    boolean isAdmitted(Bundle bundle) {
        return admitted.containsKey(bundle.getBundleId());
    }

    /** @return whether the bundle's exported packages are visible to other bundles */
    boolean exportsSymbols(Bundle bundle) {
        Boolean export = admitted.get(bundle.getBundleId());
        if (export != null) {
            return export;
        }
        return !isModule(bundle);
    }
}
