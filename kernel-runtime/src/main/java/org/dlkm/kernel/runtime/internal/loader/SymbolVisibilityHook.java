package org.dlkm.kernel.runtime.internal.loader;

import java.util.Collection;
import java.util.Iterator;

import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Makes exported packages behave like VMkernel exported symbols: a module's packages are visible to other bundles
 * only if the module was loaded with {@code -e}; and a module bundle resolves only when the kernel is loading it,
 * so that nothing can bypass the kernel by installing a module jar directly.
 *
 * <p>Threading: {@link #begin} returns a fresh, stateless hook; the hook only reads {@link ModuleVisibility}, which
 * never blocks.
 */
public final class SymbolVisibilityHook implements ResolverHookFactory {
    private final ModuleVisibility visibility;

    public SymbolVisibilityHook(ModuleVisibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new Hook();
    }

    /** @return whether {@code requirer} may wire to a package that {@code provider} exports */
    public boolean visible(Bundle requirer, Bundle provider) {
        if (provider.getBundleId() == 0 || provider.equals(requirer)) {
            return true;
        }
        return visibility.exportsSymbols(provider);
    }

    private final class Hook implements ResolverHook {
        @Override
        public void filterResolvable(Collection<BundleRevision> candidates) {
            candidates.removeIf(r -> visibility.isModule(r.getBundle()) && !visibility.isAdmitted(r.getBundle()));
        }

        @Override
        public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisions) {
            // singletons are not governed by dlkm
        }

        @Override
        public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
            if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
                return;
            }
            Bundle requirer = requirement.getRevision().getBundle();
            for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext();) {
                if (!visible(requirer, it.next().getRevision().getBundle())) {
                    it.remove();
                }
            }
        }

        @Override
        public void end() {
            // stateless
        }
    }
}
