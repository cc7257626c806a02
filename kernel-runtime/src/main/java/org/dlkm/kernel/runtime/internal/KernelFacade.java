package org.dlkm.kernel.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadPlanInfo;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.LoadResult;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.UnloadResult;
import org.dlkm.kernel.runtime.internal.busy.BusyRules;
import org.dlkm.kernel.runtime.internal.catalog.JarReader;
import org.dlkm.kernel.runtime.internal.catalog.ModuleDirectory;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.demand.DemandLoader;
import org.dlkm.kernel.runtime.internal.loader.ModuleBundleTracker;
import org.dlkm.kernel.runtime.internal.loader.ModuleLoader;
import org.dlkm.kernel.runtime.internal.loader.ModuleUnloader;
import org.dlkm.kernel.runtime.internal.loader.Requests;
import org.dlkm.kernel.runtime.internal.sign.ModuleSignatures;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleInfos;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;

/**
 * The {@link KernelService}: each call a request to the rooms behind it. Loads, unloads and demand loads run as
 * transactions ({@link Requests}); queries read the table without the lock.
 *
 * <p>Threading: every method may be called from any thread, and from module code during its own {@code load} or
 * {@code unload}: such a call joins the request that runs the module, or is refused with {@code EDEADLK} if it
 * would wait for itself.
 */
final class KernelFacade implements KernelService {
    /** How long a query waits for reconciliations under way; the watchdog bounds each anyway. */
    private static final long RECONCILE_WAIT_MILLIS = 5_000;

    private final ModuleTable table;
    private final Requests requests;
    private final ModuleDirectory directory;
    private final JarReader jars;
    private final ModuleLoader loader;
    private final ModuleUnloader unloader;
    private final BusyRules busy;
    private final DemandLoader demand;
    private final ModuleInfos infos;
    private final ModuleBundleTracker tracker;
    private final ModuleSignatures signatures;
    /** What waits for a module's unload (a deferred image update, a removal), run inside the unload's request. */
    private volatile Consumer<String> afterUnload = name -> {
    };

    KernelFacade(ModuleTable table, Requests requests, ModuleDirectory directory, JarReader jars, ModuleLoader loader,
            ModuleUnloader unloader, BusyRules busy, DemandLoader demand, ModuleInfos infos,
            ModuleBundleTracker tracker, ModuleSignatures signatures) {
        this.table = table;
        this.requests = requests;
        this.directory = directory;
        this.jars = jars;
        this.loader = loader;
        this.unloader = unloader;
        this.busy = busy;
        this.demand = demand;
        this.infos = infos;
        this.tracker = tracker;
        this.signatures = signatures;
    }

    /** @param afterUnload called with a module's name right after an unload asked for withdrew it, lock held */
    void setAfterUnload(Consumer<String> afterUnload) {
        this.afterUnload = afterUnload;
    }

    /**
     * Lets the reconciliation of a module bundle stopped or uninstalled outside the kernel finish first, so that
     * {@code uninstall 14; vmkload_mod -l} in a script lists what the kernel has.
     */
    private void settle() {
        tracker.awaitReconciled(RECONCILE_WAIT_MILLIS);
    }

    @Override
    public LoadResult load(LoadRequest request) throws KernelException {
        return requests.run(() -> {
            List<String> steps = new ArrayList<>();
            Path binary = directory.resolve(request.binary());
            if (jars.registered(binary).isEmpty()) {
                signatures.check(binary); // a jar from outside the catalog, while signatures are enforced
            }
            ModuleJar jar = jars.read(binary);
            LoadedModule module = loader.load(jar, request, false, steps);
            return new LoadResult(infos.info(module), steps);
        });
    }

    @Override
    public UnloadResult unload(String name) throws KernelException {
        settle();
        return requests.run(() -> unload(table.byBinary(name).orElseThrow(() -> new KernelException(Errno.ENOENT,
                name + ": no such module loaded (loaded: " + table.names() + ")"))));
    }

    @Override
    public UnloadResult unload(int id) throws KernelException {
        settle();
        return requests.run(() -> unload(table.byId(id).orElseThrow(() -> new KernelException(Errno.ENOENT,
                "no module with ID " + id + " is loaded (loaded: " + table.names() + ")"))));
    }

    private UnloadResult unload(LoadedModule module) throws KernelException {
        requests.transaction().refuseCycle(module.name(), "unload");
        if (module.state != ModuleState.LOADED) {
            throw new KernelException(Errno.EBUSY, module.name() + ": module is " + module.state.name().toLowerCase()
                    + "; wait for it to finish");
        }
        busy.beginUnload(module);
        UnloadResult result = new UnloadResult(module.id, module.name(), unloader.unload(module));
        afterUnload.accept(module.name());
        return result;
    }

    @Override
    public LoadPlanInfo plan(String name) throws KernelException {
        return requests.run(() -> demand.describe(name));
    }

    @Override
    public List<ModuleInfo> demandLoad(String name) throws KernelException {
        return requests.run("demand load", () -> {
            requests.transaction().refuseCycle(name, "load");
            List<ModuleInfo> loaded = new ArrayList<>();
            for (LoadedModule m : demand.run(name, demand.plan(name), false)) {
                loaded.add(infos.info(m));
            }
            return loaded;
        });
    }

    @Override
    public List<ModuleInfo> list() {
        settle();
        List<ModuleInfo> list = new ArrayList<>();
        for (LoadedModule m : table.rows()) {
            if (m.state == ModuleState.LOADED || m.state == ModuleState.UNLOADING) {
                list.add(infos.info(m));
            }
        }
        return list;
    }

    @Override
    public Optional<ModuleInfo> query(String name) {
        settle();
        return table.byBinary(name).map(infos::info);
    }

    @Override
    public Optional<ModuleInfo> query(int id) {
        settle();
        return table.byId(id).map(infos::info);
    }

    @Override
    public List<ParameterInfo> parameters(String binary) throws KernelException {
        return ModuleJar.read(directory.resolve(binary)).parameters().all();
    }

    @Override
    public List<String> availableModules() {
        return directory.available();
    }
}
