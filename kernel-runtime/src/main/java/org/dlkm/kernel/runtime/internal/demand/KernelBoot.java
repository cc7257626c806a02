package org.dlkm.kernel.runtime.internal.demand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlanner;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;
import org.dlkm.kernel.runtime.internal.loader.ModuleUnloader;
import org.dlkm.kernel.runtime.internal.loader.Requests;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * Boots the kernel's modules as {@code /sbin/init.d/kminit} does: the static modules (those of the kernel file,
 * which the config room's {@code KernelFileBoot} reads, or, without one, those the modules' system files configure
 * statically), then every module named in {@code etc/loadmods}, one per line. Each module is a request of its own:
 * one that fails is reported and the boot goes on.
 *
 * <p>Threading: runs on the runtime's boot thread, never the framework's start-level thread; each request takes
 * the transition lock.
 */
public final class KernelBoot {
    private final ModuleTable table;
    private final ModuleCatalogImpl catalog;
    private final DemandLoader demand;
    private final Requests requests;
    private final KernelLog log;
    private final ModuleUnloader unloader;

    public KernelBoot(ModuleTable table, ModuleCatalogImpl catalog, DemandLoader demand, Requests requests,
            ModuleUnloader unloader, KernelLog log) {
        this.unloader = unloader;
        this.table = table;
        this.catalog = catalog;
        this.demand = demand;
        this.requests = requests;
        this.log = log;
    }

    /**
     * Loads the modules the modules' own system files configure statically, as boot did before kernel files, and
     * as it does for a home without {@code stand/vmunix}.
     *
     * @return one line per module that failed
     */
    public List<String> configuredStatic() {
        List<String> failures = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.configure() && !e.loadable().orElse(false) && table.byName(e.name()).isEmpty()) {
                try {
                    loadStatic(e.name());
                } catch (KernelException ex) {
                    failures.add("static module " + e.name() + ": " + ex.getMessage() + " ("
                            + Errno.nameOf(ex.number()) + ")");
                }
            }
        }
        failures.forEach(f -> log.log("kminit", f));
        return failures;
    }

    /** Loads one module as statically configured, with whatever it needs that is not loaded. */
    public void loadStatic(String name) throws KernelException {
        requests.run("static configuration", () -> {
            LoadPlan plan = new LoadPlanner(n -> catalog.registered(n).map(r -> staticView(r.master())),
                    catalog::symbolProviders).plan(name, demand.loadedNames());
            return demand.run(name, plan, true);
        });
    }

    /** Unloads modules a failed boot attempt loaded, newest first, whatever they answer. */
    public void unloadStatic(List<String> names) {
        try (TransitionLock.Held held = table.lock().enter()) {
            List<LoadedModule> rows = table.rows();
            for (int i = rows.size() - 1; i >= 0; i--) {
                if (names.contains(rows.get(i).name())) {
                    unloader.forceUnload(rows.get(i), "the kernel failed to boot");
                }
            }
        }
    }

    /**
     * Demand-loads every module named in {@code etc/loadmods}.
     *
     * @return one line per module that failed
     */
    public List<String> loadmods(Path loadmods) {
        List<String> failures = new ArrayList<>();
        for (String module : loadmods(loadmods, failures)) {
            if (table.byName(module).isPresent()) {
                continue;
            }
            try {
                requests.run("boot: " + loadmods.getFileName(), () -> demand.run(module, demand.plan(module), false));
            } catch (KernelException ex) {
                failures.add(loadmods.getFileName() + ": " + ex.getMessage() + " (" + Errno.nameOf(ex.number()) + ")");
            }
        }
        failures.forEach(f -> log.log("kminit", f));
        return failures;
    }

    private static List<String> loadmods(Path loadmods, List<String> failures) {
        List<String> names = new ArrayList<>();
        if (Files.isRegularFile(loadmods)) {
            try {
                String text = StrictText.utf8(Files.readAllBytes(loadmods),
                        (line, reason) -> new IllegalArgumentException(loadmods + ": line " + line + ": " + reason));
                for (String line : text.lines().toList()) {
                    String t = line.trim();
                    if (!t.isEmpty() && !t.startsWith("#")) {
                        names.add(t);
                    }
                }
            } catch (IllegalArgumentException ex) {
                failures.add(ex.getMessage());
            } catch (IOException ex) {
                failures.add(loadmods + ": cannot read it: " + Causes.ofFile(ex));
            }
        }
        return names;
    }

    /** A master file as boot sees it: a static module loads whether or not it has $LOADABLE. */
    private static MasterFile staticView(MasterFile m) {
        return m.asLoadable();
    }
}
