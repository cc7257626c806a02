package org.dlkm.kernel.runtime.internal.loader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlkm.kernel.runtime.internal.catalog.HeaderClauses;
import org.dlkm.kernel.runtime.internal.catalog.ModuleDirectory;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Explains why a module bundle did not resolve: which imported packages and required bundles (symbols) no visible
 * bundle provides, and which module would provide each, so that the error can say what to load and how. Stateless.
 */
public final class SymbolDiagnosis {
    private SymbolDiagnosis() {
    }

    /**
     * @param module the module that failed to resolve
     * @param bundle its bundle, installed and unresolved
     * @param context a bundle context, to see every bundle
     * @param hook the visibility rules
     * @param loaded the loaded modules, to name a provider that is loaded without {@code -e}
     * @param directory the module directory, to name a provider that is not loaded
     * @return the message, or null if every import and required bundle has a visible provider (the failure lies
     *         elsewhere)
     */
    public static String explain(String module, Bundle bundle, BundleContext context, SymbolVisibilityHook hook,
            Collection<LoadedModule> loaded, ModuleDirectory directory) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        for (BundleRequirement req : unmet(revision, PackageNamespace.PACKAGE_NAMESPACE, context, hook)) {
            String pkg = nameInFilter(req);
            byProvider.computeIfAbsent(provider(jar -> jar.exportedPackages().contains(pkg), loaded, directory),
                    k -> new ArrayList<>()).add(pkg);
        }
        for (BundleRequirement req : unmet(revision, BundleNamespace.BUNDLE_NAMESPACE, context, hook)) {
            String required = nameInFilter(req);
            byProvider.computeIfAbsent(provider(jar -> required.equals(symbolicName(jar)), loaded, directory),
                    k -> new ArrayList<>()).add("Require-Bundle " + required);
        }
        if (byProvider.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byProvider.entrySet()) {
            parts.add(String.join(", ", e.getValue()) + " (" + e.getKey() + ")");
        }
        return module + ": unresolved symbols: " + String.join("; ", parts);
    }

    /** @return the mandatory requirements of {@code revision} in {@code namespace} that no visible bundle meets */
    private static List<BundleRequirement> unmet(BundleRevision revision, String namespace, BundleContext context,
            SymbolVisibilityHook hook) {
        List<BundleRequirement> unmet = new ArrayList<>();
        for (BundleRequirement req : revision.getDeclaredRequirements(namespace)) {
            if (Constants.RESOLUTION_OPTIONAL.equals(req.getDirectives().get(Constants.RESOLUTION_DIRECTIVE))) {
                continue;
            }
            if (!hasVisibleProvider(req, revision.getBundle(), context, hook)) {
                unmet.add(req);
            }
        }
        return unmet;
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
            for (BundleCapability cap : r.getDeclaredCapabilities(req.getNamespace())) {
                if (req.matches(cap) && hook.visible(cap.getNamespace(), requirer, b)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param offers whether a module jar provides what is missing: exports the package, or is the required bundle
     * @return which module provides it and how to make it visible, for the message
     */
    private static String provider(Predicate<ModuleJar> offers, Collection<LoadedModule> loaded,
            ModuleDirectory directory) {
        for (LoadedModule m : loaded) {
            if (offers.test(m.jar)) {
                return "exported by " + m.name() + ", which is loaded without -e, so its symbols are hidden:"
                        + " unload it and load it again with vmkload_mod -e";
            }
        }
        for (String name : directory.available()) {
            try {
                ModuleJar jar = ModuleJar.read(directory.directory().resolve(name + ".jar"));
                if (offers.test(jar)) {
                    return "exported by " + jar.name() + ", which is not loaded: load it first with vmkload_mod -e "
                            + jar.name() + " <tag>";
                }
            } catch (org.dlkm.kernel.KernelException e) {
                // not a module jar: it provides nothing
            }
        }
        return "no module in " + directory.directory() + " exports it";
    }

    /** @return the bundle symbolic name in the module jar's manifest, or null if it has none or cannot be read */
    private static String symbolicName(ModuleJar jar) {
        try (JarFile file = new JarFile(jar.path().toFile())) {
            Manifest manifest = file.getManifest();
            String header = manifest == null ? null
                    : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            List<HeaderClauses.Clause> clauses = HeaderClauses.parse(header);
            return clauses.isEmpty() ? null : clauses.get(0).name();
        } catch (IOException | IllegalArgumentException e) {
            // unreadable now, or a malformed header: the framework would not install it, so it is no provider
            return null;
        }
    }

    /**
     * @return the name the requirement's filter asks for in its own namespace attribute ({@code osgi.wiring.package}
     *         or {@code osgi.wiring.bundle}), or the whole filter if it names none
     */
    private static String nameInFilter(BundleRequirement req) {
        String filter = req.getDirectives().get(Constants.FILTER_DIRECTIVE);
        if (filter != null) {
            Matcher m = Pattern.compile("\\(" + Pattern.quote(req.getNamespace()) + "=([^)]+)\\)").matcher(filter);
            if (m.find()) {
                return m.group(1);
            }
        }
        return String.valueOf(filter);
    }
}
