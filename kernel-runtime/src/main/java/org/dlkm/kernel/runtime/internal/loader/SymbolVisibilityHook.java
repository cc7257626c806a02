package org.dlkm.kernel.runtime.internal.loader;

import java.util.Collection;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.NativeNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Makes what a module offers other bundles behave like VMkernel exported symbols: visible only if the module was
 * loaded with {@code -e}; and lets a module bundle resolve only when the kernel is loading it, so that nothing can
 * bypass the kernel by installing a module jar directly.
 *
 * <p>What a module's capability is to a requirer that is another bundle, namespace by namespace:
 * <ul>
 * <li>{@code osgi.wiring.package} ({@code Import-Package}) and {@code osgi.wiring.bundle} ({@code Require-Bundle}):
 * the module's symbols, visible only if it exports them. A required bundle is hidden with its packages, since
 * requiring it wires the requirer to every package the module exports.
 * <li>{@code osgi.wiring.host} ({@code Fragment-Host}): never visible. A fragment attached to a module would put its
 * classes and resources into the module's class loader, code the kernel never loaded and cannot unload apart from
 * the module; a module is one bundle, so no fragment is part of one. A fragment naming a module stays installed and
 * unresolved, whether the module exports its symbols or not.
 * <li>{@code osgi.identity}, {@code osgi.ee}, {@code osgi.native}: not governed. Requiring a module's identity
 * reaches none of its classes: it asks only that the module be there, as a {@code $DRIVER_DEPENDENCY} does, which
 * needs no {@code -e} either; the kernel counts such a wire as a dependency like any other. Only the framework
 * provides the other two.
 * <li>Every other namespace ({@code Provide-Capability}: contracts, extenders, a vendor's own): hidden like packages.
 * A wire to a generic capability ties the requirer to the module as an import does, so that unloading the module
 * refreshes the requirer; {@code -e} is the administrator's consent that a module serves other bundles, and a
 * module loaded without it serves none.
 * </ul>
 * The system bundle and the requirer itself are always kept, and a bundle that is not a module is never filtered.
 * The hook logs nothing: it only removes candidates, and a failed load explains itself afterwards
 * ({@link SymbolDiagnosis}).
 *
 * <p>Threading: {@link #begin} returns a fresh, stateless hook, which the framework may call on any thread; the hook
 * and {@link #visible} only read {@link ModuleVisibility}, which never blocks.
 */
public final class SymbolVisibilityHook implements ResolverHookFactory {
    private static final Set<String> UNGOVERNED_NAMESPACES = Set.of(IdentityNamespace.IDENTITY_NAMESPACE,
            ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE, NativeNamespace.NATIVE_NAMESPACE);

    private final ModuleVisibility visibility;

    public SymbolVisibilityHook(ModuleVisibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new Hook();
    }

    /**
     * What {@code filterMatches} decides for one candidate, for explaining a failed resolution afterwards.
     *
     * @param namespace the namespace of the requirement and the capability
     * @return whether {@code requirer} may wire to a capability that {@code provider} offers in {@code namespace}
     */
    public boolean visible(String namespace, Bundle requirer, Bundle provider) {
        if (!governs(namespace) || provider.getBundleId() == 0 || provider.equals(requirer)) {
            return true;
        }
        if (HostNamespace.HOST_NAMESPACE.equals(namespace)) {
            return !visibility.isModule(provider);
        }
        return visibility.exportsSymbols(provider);
    }

    private static boolean governs(String namespace) {
        return !UNGOVERNED_NAMESPACES.contains(namespace);
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
            String namespace = requirement.getNamespace();
            if (!governs(namespace)) {
                return;
            }
            Bundle requirer = requirement.getRevision().getBundle();
            candidates.removeIf(c -> !visible(namespace, requirer, c.getRevision().getBundle()));
        }

        @Override
        public void end() {
            // stateless
        }
    }
}
