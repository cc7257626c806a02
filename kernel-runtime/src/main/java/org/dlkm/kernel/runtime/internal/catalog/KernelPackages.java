package org.dlkm.kernel.runtime.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The packages the kernel and the framework provide, which no module may export: every package of the kernel's
 * name space ({@code org.dlkm.kernel} and below: its API and its implementation) and every package the system bundle
 * exports. A module exporting one would be taken by the planner as that package's provider, so that every later
 * demand load importing it would load the module first, and a bundle wired to it would see the module's classes
 * instead of the kernel's. {@code kminstall -a/-u} and every load refuse such a module with {@code EPERM}, and the
 * catalog never counts a module as the provider of one of these packages.
 *
 * <p>Immutable; safe from any thread.
 */
public final class KernelPackages {
    /** The kernel's name space: its API packages and those of its implementation. */
    static final String KERNEL_NAMESPACE = "org.dlkm.kernel";

    private final Set<String> framework;

    /**
     * @param framework the packages the framework provides (those the system bundle exports); the kernel's own are
     *        known without being listed
     */
    public KernelPackages(Set<String> framework) {
        this.framework = Set.copyOf(framework);
    }

    /** @return the kernel's own packages only, for a catalog that runs without a framework */
    public static KernelPackages kernelOnly() {
        return new KernelPackages(Set.of());
    }

    /** @return the kernel's packages and those the running framework's system bundle exports */
    public static KernelPackages of(BundleContext context) {
        Set<String> exported = new TreeSet<>();
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        BundleWiring wiring = system == null ? null : system.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleCapability c : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                exported.add((String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
            }
        }
        return new KernelPackages(exported);
    }

    /** @return whether the kernel or the framework provides the package */
    public boolean provides(String pkg) {
        return isKernels(pkg) || framework.contains(pkg);
    }

    private static boolean isKernels(String pkg) {
        return pkg.equals(KERNEL_NAMESPACE) || pkg.startsWith(KERNEL_NAMESPACE + ".");
    }

    /**
     * Refuses a module that exports a package the kernel or the framework provides.
     *
     * @throws KernelException {@code EPERM} naming every such package and who provides it
     */
    public void checkExports(ModuleJar jar) throws KernelException {
        List<String> taken = new ArrayList<>();
        boolean kernels = false;
        boolean frameworks = false;
        for (String pkg : jar.exportedPackages()) {
            if (provides(pkg)) {
                taken.add(pkg);
                kernels |= isKernels(pkg);
                frameworks |= !isKernels(pkg);
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        String who = kernels && frameworks ? "the kernel and the framework provide"
                : kernels ? "the kernel provides" : "the framework provides";
        throw new KernelException(Errno.EPERM, jar.name() + ": exports " + String.join(", ", taken) + ", which "
                + who + "; a module may not export a package of the kernel or the framework: remove "
                + (taken.size() == 1 ? "it" : "them") + " from the module's Export-Package");
    }
}
