package org.dlkm.kernel.runtime.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Explains why a module bundle did not resolve: which imported packages (symbols) no visible bundle provides, and
 * which module would provide each, so that the error can say what to load and how. Stateless.
 */
final class SymbolDiagnosis {
    private static final Pattern PACKAGE_IN_FILTER = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");

    private SymbolDiagnosis() {
    }

    /**
     * @param module the module that failed to resolve
     * @param bundle its bundle, installed and unresolved
     * @param context a bundle context, to see every bundle
     * @param hook the visibility rules
     * @param loaded the loaded modules, to name a provider that is loaded without {@code -e}
     * @param directory the module directory, to name a provider that is not loaded
     * @return the message, or null if every import has a visible provider (the failure lies elsewhere)
     */
    static String explain(String module, Bundle bundle, BundleContext context, SymbolVisibilityHook hook,
            Collection<LoadedModule> loaded, ModuleDirectory directory) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (BundleRequirement req : revision.getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (Constants.RESOLUTION_OPTIONAL.equals(req.getDirectives().get(Constants.RESOLUTION_DIRECTIVE))) {
                continue;
            }
            if (!hasVisibleProvider(req, bundle, context, hook)) {
                missing.add(packageName(req));
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        for (String pkg : missing) {
            byProvider.computeIfAbsent(provider(pkg, loaded, directory), k -> new ArrayList<>()).add(pkg);
        }
        StringBuilder sb = new StringBuilder(module).append(": unresolved symbols: ");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byProvider.entrySet()) {
            parts.add(String.join(", ", e.getValue()) + " (" + e.getKey() + ")");
        }
        return sb.append(String.join("; ", parts)).toString();
    }

    private static boolean hasVisibleProvider(BundleRequirement req, Bundle requirer, BundleContext context,
            SymbolVisibilityHook hook) {
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r == null) {
                continue;
            }
            for (BundleCapability cap : r.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                if (req.matches(cap) && hook.visible(cap.getNamespace(), requirer, b)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String provider(String pkg, Collection<LoadedModule> loaded, ModuleDirectory directory) {
        for (LoadedModule m : loaded) {
            if (m.jar.exportedPackages().contains(pkg)) {
                return "exported by " + m.name() + ", which is loaded without -e, so its symbols are hidden:"
                        + " unload it and load it again with vmkload_mod -e";
            }
        }
        for (String name : directory.available()) {
            try {
                ModuleJar jar = ModuleJar.read(directory.directory().resolve(name + ".jar"));
                if (jar.exportedPackages().contains(pkg)) {
                    return "exported by " + jar.name() + ", which is not loaded: load it first with vmkload_mod -e "
                            + jar.name() + " <tag>";
                }
            } catch (org.dlkm.kernel.KernelException e) {
                // not a module jar: it provides nothing
            }
        }
        return "no module in " + directory.directory() + " exports it";
    }

    static String packageName(BundleRequirement req) {
        String filter = req.getDirectives().get(Constants.FILTER_DIRECTIVE);
        if (filter != null) {
            Matcher m = PACKAGE_IN_FILTER.matcher(filter);
            if (m.find()) {
                return m.group(1);
            }
        }
        return String.valueOf(filter);
    }

}
