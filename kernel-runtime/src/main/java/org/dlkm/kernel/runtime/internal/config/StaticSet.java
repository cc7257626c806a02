package org.dlkm.kernel.runtime.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.UnusableModule;
import org.dlkm.kernel.runtime.internal.catalog.KernelPackages;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlanner;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl.Registered;
import org.dlkm.kernel.runtime.internal.master.MasterFile;

/**
 * Resolves a kernel's statically configured modules as boot will load them: the modules a system file names, and
 * those whose own system file configures them statically ({@code kmsystem -c Y -l N}), with everything they need,
 * planned by the catalog's {@link LoadPlanner} (dependencies, symbol providers, cycles), in load order. Then the
 * symbol check a load makes: every package a module of the set imports must be the kernel's, the framework's, or
 * exported by exactly one module of the set (none: an unresolved symbol; two: a symbol conflict).
 *
 * <p>Every problem is collected, not only the first, as {@code mk_kernel} lists them all. Stateless beyond one
 * call; runs on the caller's thread, reading the catalog under its lock.
 */
public final class StaticSet {
    private final ModuleCatalogImpl catalog;
    private final KernelPackages kernelPackages;

    public StaticSet(ModuleCatalogImpl catalog, KernelPackages kernelPackages) {
        this.catalog = catalog;
        this.kernelPackages = kernelPackages;
    }

    /**
     * The result of a resolution.
     *
     * @param order the modules in load order
     * @param errors every problem, one line each; empty if the set resolves
     */
    record Resolution(List<Registered> order, List<String> errors) {
    }

    /** @return the modules configured statically by their own system files, sorted */
    List<String> configuredStatic() {
        return catalog.entries().stream().filter(CatalogEntry::staticallyConfigured).map(CatalogEntry::name)
                .sorted().toList();
    }

    Resolution resolve(List<String> named) {
        List<String> errors = new ArrayList<>();
        Set<String> targets = new TreeSet<>(named);
        targets.addAll(configuredStatic());
        LoadPlanner planner = new LoadPlanner(n -> catalog.registered(n).map(r -> staticView(r.master())),
                catalog::symbolProviders);
        Map<String, Registered> order = new LinkedHashMap<>();
        for (String target : targets) {
            Optional<Registered> r = catalog.registered(target);
            if (r.isEmpty()) {
                Optional<UnusableModule> broken = catalog.unusable(target);
                errors.add(broken.isPresent() ? broken.get().refusal().getMessage() + " (EINVAL)"
                        : target + ": no such module registered; kminstall -a adds one (ENOENT)");
                continue;
            }
            if (!r.get().system().configure()) {
                errors.add(target + ": not configured ($CONFIGURE N in its system file); configure it with"
                        + " kmsystem -c Y " + target + " (EPERM)");
                continue;
            }
            if (order.containsKey(target)) {
                continue;
            }
            try {
                LoadPlan plan = planner.plan(target, order.keySet());
                for (LoadPlan.Step s : plan.steps()) {
                    order.put(s.module(), catalog.registered(s.module()).orElseThrow());
                }
            } catch (KernelException e) {
                errors.add(target + ": " + e.getMessage() + " (" + Errno.nameOf(e.number()) + ")");
            }
        }
        errors.addAll(symbols(new ArrayList<>(order.values())));
        return new Resolution(List.copyOf(order.values()), errors);
    }

    /** @return an unresolved symbol or a conflict per package, one line each */
    private List<String> symbols(List<Registered> set) {
        Map<String, Set<String>> exporters = new TreeMap<>();
        for (Registered r : set) {
            for (String p : r.image().exportedPackages()) {
                exporters.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(r.name());
            }
        }
        List<String> errors = new ArrayList<>();
        for (Registered r : set) {
            for (String p : r.image().importedPackages()) {
                Set<String> providers = exporters.getOrDefault(p, Set.of());
                if (providers.isEmpty() && !kernelPackages.provides(p) && !p.startsWith("java.")) {
                    Set<String> elsewhere = catalog.symbolProviders(r.name());
                    errors.add(r.name() + ": unresolved symbol: it imports " + p + ", which no module of this kernel"
                            + " exports" + (elsewhere.isEmpty() ? "" : " (registered modules that export what "
                            + r.name() + " imports: " + String.join(", ", elsewhere) + ")") + " (ENOEXEC)");
                }
            }
        }
        exporters.forEach((p, who) -> {
            if (who.size() > 1) {
                errors.add("symbol conflict: " + String.join(" and ", who) + " both export " + p
                        + "; configure only one of them statically (EEXIST)");
            }
        });
        return errors;
    }

    /** A master file as boot sees it: a static module loads whether or not it has $LOADABLE. */
    static MasterFile staticView(MasterFile m) {
        return m.asLoadable();
    }
}
