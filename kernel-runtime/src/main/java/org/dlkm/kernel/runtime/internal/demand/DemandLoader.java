package org.dlkm.kernel.runtime.internal.demand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadPlanInfo;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.UnusableModule;
import org.dlkm.kernel.runtime.internal.catalog.JarReader;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;
import org.dlkm.kernel.runtime.internal.catalog.SystemFile;
import org.dlkm.kernel.runtime.internal.loader.ModuleLoader;
import org.dlkm.kernel.runtime.internal.loader.Transaction;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;

/**
 * Demand loads ({@code kmadmin -L}): a plan of the module and, first, every registered module it depends on that
 * is not loaded, checked against the system files before anything is installed; then each step loaded, inside the
 * request's transaction, so that a failure at step k unloads the k-1 before it.
 *
 * <p>Threading: called with the transition lock held, inside a request.
 */
public final class DemandLoader {
    private final ModuleTable table;
    private final ModuleCatalogImpl catalog;
    private final JarReader jars;
    private final ModuleLoader loader;
    private final Transaction transaction;

    public DemandLoader(ModuleTable table, ModuleCatalogImpl catalog, JarReader jars, ModuleLoader loader,
            Transaction transaction) {
        this.transaction = transaction;
        this.table = table;
        this.catalog = catalog;
        this.jars = jars;
        this.loader = loader;
    }

    /** @return the plan as {@code kmadmin -L -n} prints it */
    public LoadPlanInfo describe(String name) throws KernelException {
        LoadPlan plan = plan(name);
        List<LoadPlanInfo.Step> steps = new ArrayList<>();
        for (LoadPlan.Step s : plan.steps()) {
            steps.add(new LoadPlanInfo.Step(s.module(), s.why()));
        }
        List<String> already = new ArrayList<>();
        for (LoadPlan.Step s : plan.alreadyLoaded()) {
            already.add(s.module());
        }
        return new LoadPlanInfo(name, steps, already);
    }

    /** Plans a demand load and checks every step against the system files; changes nothing. */
    public LoadPlan plan(String name) throws KernelException {
        Set<String> loaded = loadedNames();
        if (catalog.registered(name).isEmpty() && !loaded.contains(name)) {
            Optional<UnusableModule> broken = catalog.unusable(name);
            if (broken.isPresent()) {
                throw broken.get().refusal();
            }
            throw new KernelException(Errno.ENOENT, name + ": no such module registered (registered: "
                    + String.join(", ", registeredNames()) + "); kminstall -a adds one");
        }
        LoadPlan plan = catalog.planner().plan(name, loaded);
        Set<String> refused = catalog.refusedOnDemand();
        for (LoadPlan.Step s : plan.steps()) {
            if (!refused.contains(s.module())) {
                continue;
            }
            SystemFile system = catalog.registered(s.module()).orElseThrow().system();
            if (!system.configure()) {
                throw new KernelException(Errno.EPERM, s.module() + ": not configured ($CONFIGURE N in its system"
                        + " file); configure it with kmsystem -c Y " + s.module()
                        + (s.module().equals(name) ? "" : " (needed by " + s.dependent().orElse(name) + ")"));
            }
            if (!system.loadable().orElse(false)) {
                throw new KernelException(Errno.EPERM, s.module() + ": configured statically ($LOADABLE N in its"
                        + " system file), so it loads only at boot; make it loadable with kmsystem -l Y " + s.module());
            }
        }
        return plan;
    }

    /** @return the names of the modules in the table, loading or loaded */
    Set<String> loadedNames() {
        Set<String> loaded = new HashSet<>();
        for (LoadedModule m : table.rows()) {
            loaded.add(m.name());
        }
        return loaded;
    }

    private List<String> registeredNames() {
        List<String> names = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            names.add(e.name());
        }
        return names;
    }

    /**
     * Loads every step of a plan; a failure names the step. The request around it unloads the steps done.
     *
     * @param statik whether the modules load as statically configured (at boot)
     * @return the modules loaded, in order
     */
    public List<LoadedModule> run(String name, LoadPlan plan, boolean statik) throws KernelException {
        List<LoadedModule> done = new ArrayList<>();
        String origin = transaction.origin();
        int n = plan.steps().size();
        for (int i = 0; i < n; i++) {
            LoadPlan.Step step = plan.steps().get(i);
            Path image = catalog.imageDirectory().resolve(step.module() + ".jar");
            try {
                LoadRequest request = LoadRequest.builder(image.toString()).exportSymbols(true).build();
                String by = step.module().equals(name) ? origin : origin + ", needed by " + step.dependent().orElse(name);
                done.add(loader.load(jars.read(image), request, statik, new ArrayList<>(), by));
            } catch (KernelException e) {
                throw new KernelException(e.number(), name + ": demand load failed at step " + (i + 1) + " of " + n
                        + " (loading " + step.module() + "): " + e.getMessage(), e);
            }
        }
        return done;
    }
}
