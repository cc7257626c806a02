package org.dlkm.kernel.runtime.internal;

/*
 * Why this class is large: it is the kernel's wiring, the one place where every room is built and connected in the
 * order their dependencies need, then started and stopped in reverse; each room's work lives in the room. Split,
 * the order of construction would be spread over several classes that must agree on it.
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.runtime.internal.autoload.Autoload;
import org.dlkm.kernel.runtime.internal.autoload.AutoloadQueue;
import org.dlkm.kernel.runtime.internal.autoload.ModuleStubs;
import org.dlkm.kernel.runtime.internal.autoload.ServiceDemand;
import org.dlkm.kernel.runtime.internal.busy.BusyRules;
import org.dlkm.kernel.runtime.internal.busy.Dependents;
import org.dlkm.kernel.runtime.internal.busy.OpenHandles;
import org.dlkm.kernel.runtime.internal.busy.ServicesInUse;
import org.dlkm.kernel.runtime.internal.busy.StaticConfiguration;
import org.dlkm.kernel.runtime.internal.catalog.JarReader;
import org.dlkm.kernel.runtime.internal.catalog.KernelPackages;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;
import org.dlkm.kernel.runtime.internal.catalog.ModuleDirectory;
import org.dlkm.kernel.runtime.internal.config.ModuleImagesImpl;
import org.dlkm.kernel.runtime.internal.deploy.DeploymentCatalog;
import org.dlkm.kernel.runtime.internal.deploy.HotDeployment;
import org.dlkm.kernel.runtime.internal.config.KernelConfigurationImpl;
import org.dlkm.kernel.runtime.internal.config.KernelFileBoot;
import org.dlkm.kernel.runtime.internal.config.KernelPaths;
import org.dlkm.kernel.runtime.internal.config.StaticSet;
import org.dlkm.kernel.runtime.internal.config.SystemDescription;
import org.dlkm.kernel.runtime.internal.demand.DemandLoader;
import org.dlkm.kernel.runtime.internal.demand.KernelBoot;
import org.dlkm.kernel.runtime.internal.device.DeviceRegistry;
import org.dlkm.kernel.runtime.internal.device.DriverAutoload;
import org.dlkm.kernel.runtime.internal.device.KernelDevices;
import org.dlkm.kernel.runtime.internal.device.PciHotplug;
import org.dlkm.kernel.runtime.internal.device.FilterClassRegistry;
import org.dlkm.kernel.runtime.internal.filter.FilterClassAutoload;
import org.dlkm.kernel.runtime.internal.filter.TransmitFilters;
import org.dlkm.kernel.runtime.internal.loader.FelixFramework;
import org.dlkm.kernel.runtime.internal.loader.LiveThreads;
import org.dlkm.kernel.runtime.internal.loader.ModuleBundleTracker;
import org.dlkm.kernel.runtime.internal.loader.ModuleContextImpl;
import org.dlkm.kernel.runtime.internal.loader.ModuleLoader;
import org.dlkm.kernel.runtime.internal.loader.ModuleThread;
import org.dlkm.kernel.runtime.internal.loader.ModuleTimers;
import org.dlkm.kernel.runtime.internal.loader.ModuleUnloader;
import org.dlkm.kernel.runtime.internal.loader.ModuleVisibility;
import org.dlkm.kernel.runtime.internal.loader.Requests;
import org.dlkm.kernel.runtime.internal.loader.SymbolDiagnosis;
import org.dlkm.kernel.runtime.internal.loader.SymbolVisibilityHook;
import org.dlkm.kernel.runtime.internal.loader.Transaction;
import org.dlkm.kernel.runtime.internal.loader.Withdrawal;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.vm.VirtualMachinesImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleInfos;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.runtime.internal.sign.ModuleSignatures;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.dlkm.kernel.runtime.internal.tune.CatalogTunables;
import org.dlkm.kernel.runtime.internal.tune.KernelLimits;
import org.dlkm.kernel.runtime.internal.tune.TunableEffects;
import org.dlkm.kernel.runtime.internal.tune.TunableStore;
import org.osgi.framework.BundleContext;

/**
 * The runtime's wiring: builds each room in dependency order, and takes them down in the reverse order. The
 * {@link Activator} creates one per start of the runtime bundle.
 *
 * <p>Threading: {@link #boot} runs on the boot thread; {@link #shutdown} on the framework's thread stopping the
 * runtime bundle, after the boot thread ended.
 */
final class KernelRuntime {
    final KernelLog log;
    final PciBus bus;
    final ProcTreeImpl proc;
    final DeviceRegistry devices;
    /** The {@code DeviceService}: the devices, opens that autoload, PCI hot-plug. */
    final KernelDevices deviceService;
    /** The virtual machines: {@code vmware-cmd}, and the running machines other rooms attach to. */
    final VirtualMachinesImpl vms;
    final FilterClassRegistry filters;
    /** The transmit filters attached to running machines: {@code /proc/vmware/filters}. */
    final TransmitFilters transmitFilters;
    final ModuleCatalogImpl catalog;
    final KernelService kernel;
    final TunableStore tunables;
    private final Path loadmods;
    private final ModuleTimers timers;
    private final ModuleTable table;
    private final ModuleThread moduleThread;
    private final Requests requests;
    private final ModuleUnloader unloader;
    private final Withdrawal withdrawal;
    private final ModuleBundleTracker tracker;
    private final KernelBoot boot;
    final ModuleImagesImpl images;
    private final KernelFileBoot kernelFileBoot;
    final KernelConfigurationImpl configuration;
    /** The kernel's autoload: every trigger (services, devices, hot-plug, stubs) loads through it. */
    final Autoload autoload;
    private final AutoloadQueue autoloadQueue;
    private final ModuleStubs stubs;
    /** Hot deployment of the module directory's jars, fed by FileInstall when it is there. */
    final HotDeployment deployment;
    /** The service hooks that see demand for services of modules not loaded. */
    final ServiceDemand serviceDemand;

    KernelRuntime(BundleContext context, ModuleVisibility visibility, SymbolVisibilityHook hook, KernelHomeLayout home,
            Path modules, PciBus bus, Duration moduleCallLimit, KernelLog log) {
        this.log = log;
        this.bus = bus;
        this.loadmods = home.loadmods();
        proc = new ProcTreeImpl();
        TransitionLock lock = new TransitionLock();
        KernelPackages kernelPackages = KernelPackages.of(context);
        catalog = new ModuleCatalogImpl(lock, home, log, kernelPackages);
        KernelPaths paths = new KernelPaths(home.root());
        tunables = new TunableStore(lock, home.masterFiles().resolve("core-hpux"), paths.system(),
                new CatalogTunables(catalog, home.root()), Map.of(KernelLimits.MODCALL_TIMEOUT, moduleCallLimit.toSeconds()), log,
                new TunableEffects() {
                    @Override
                    public boolean bootsFromKernelFile() {
                        return Files.exists(paths.kernel()) || Files.exists(paths.moves());
                    }

                    @Override
                    public boolean configuredStatically(String module) {
                        return catalog.entry(module).map(e -> e.staticallyConfigured()).orElse(false)
                                || KernelRuntime.this.table.byName(module).map(m -> m.statik).orElse(false)
                                || KernelRuntime.this.configuration.plannedStaticModules().contains(module);
                    }

                    @Override
                    public boolean loaded(String module) {
                        return KernelRuntime.this.table.byName(module).isPresent();
                    }

                    @Override
                    public Optional<Path> pendingSystemFile() {
                        return KernelRuntime.this.configuration.pendingSystem();
                    }
                });
        KernelLimits limits = tunables.limits();
        devices = new DeviceRegistry(bus, proc, log, limits);
        filters = new FilterClassRegistry(log);
        timers = new ModuleTimers(limits::moduleCallLimit, limits, log);
        table = new ModuleTable(lock);
        ModuleDirectory directory = new ModuleDirectory(modules, List.of(catalog.imageDirectory()));
        JarReader jars = new JarReader(catalog);
        FelixFramework framework = new FelixFramework(context);
        Transaction transaction = new Transaction(lock);
        requests = new Requests(lock, transaction);
        moduleThread = new ModuleThread(lock, limits::moduleCallLimit);
        LiveThreads liveThreads = new LiveThreads(log, limits);
        withdrawal = new Withdrawal(table, framework, visibility, liveThreads, log);
        Dependents dependents = new Dependents(table);
        ModuleLoader loader = new ModuleLoader(table, bus, kernelPackages, framework, visibility,
                (name, bundle) -> SymbolDiagnosis.explain(name, bundle, context, hook, table.rows(), directory),
                withdrawal, moduleThread, transaction,
                (LoadedModule m) -> new ModuleContextImpl(m, bus, devices, proc, filters, log, timers, liveThreads,
                        tunables),
                devices::deviceNames, log, Clock.systemUTC());
        unloader = new ModuleUnloader(table, loader, withdrawal, log);
        requests.setUnloader(unloader);
        ServicesInUse servicesInUse = new ServicesInUse(table, context.getBundle().getBundleId());
        transmitFilters = new TransmitFilters(filters, proc, loader::runModuleCode, log, System::nanoTime,
                devices::driverOf);
        BusyRules busy = new BusyRules(table, new StaticConfiguration(), dependents, new OpenHandles(devices),
                servicesInUse, transmitFilters);
        DemandLoader demand = new DemandLoader(table, catalog, jars, loader, transaction);
        ModuleInfos infos = new ModuleInfos(devices::deviceNames, m -> {
            List<String> held = new ArrayList<>(devices.holders(m));
            held.addAll(transmitFilters.heldBy(m));
            return held;
        }, dependents::dependsOn,
                dependents::holders, liveThreads::names, servicesInUse::holders);
        tracker = new ModuleBundleTracker(context, table, visibility, requests, unloader, framework, log);
        ModuleSignatures signatures = new ModuleSignatures(limits, home.trustStore());
        catalog.setSignatures(signatures);
        KernelFacade facade = new KernelFacade(table, requests, directory, jars, loader, unloader, busy, demand, infos,
                tracker, signatures);
        kernel = facade;
        catalog.setLoadedIds(name -> table.byName(name).map(m -> m.id).orElse(-1));
        boot = new KernelBoot(table, catalog, demand, requests, unloader, log);
        autoload = new Autoload(requests, demand, table, limits, log);
        Autoload kernelAutoload = autoload;
        DriverAutoload driverAutoload = (module, trigger, requester) ->
                kernelAutoload.load(new Autoload.Demand(module, trigger, requester));
        deviceService = new KernelDevices(bus, devices, catalog, driverAutoload,
                new PciHotplug(bus, devices, table, catalog, requests, loader::runModuleCode, driverAutoload, log));
        vms = new VirtualMachinesImpl(home.root(), deviceService, proc, log);
        vms.useTransmitPath(transmitFilters::transmitAt);
        transmitFilters.useAutoload(FilterClassAutoload.of(catalog::filterClassProviders, driverAutoload));
        autoloadQueue = new AutoloadQueue(autoload, table, catalog::serviceProviders, context, log);
        serviceDemand = new ServiceDemand(context.getBundle().getBundleId(), catalog::serviceProviders, table,
                moduleThread::isCurrent, autoloadQueue);
        stubs = new ModuleStubs(context, catalog, table, autoload, log);
        catalog.setServicesDeclaredListener(serviceDemand::declared);
        images = ModuleImagesImpl.create(home, catalog, kernel, table, requests, busy, unloader, loader, jars,
                directory, tunables::loadedStaticValues, log);
        ModuleImagesImpl updates = images;
        facade.setAfterUnload(name -> {
            catalog.pendingRemovals().unloaded(name);
            updates.unloaded(name);
        });
        deployment = new HotDeployment(modules, home.root().resolve("stand/dlkm/deployed"),
                DeploymentCatalog.of(catalog), images, log, pollMillis(context) * 3 / 2,
                Math.max(2000, 3 * pollMillis(context)));
        configuration = new KernelConfigurationImpl(lock, catalog, new StaticSet(catalog, kernelPackages), paths,
                this::runningStatic, tunables::check, new KernelConfigurationImpl.RunningKernel() {
                    @Override
                    public Optional<Path> bootedKernelFile() {
                        return KernelRuntime.this.kernelFileBoot.booted();
                    }

                    @Override
                    public Map<String, String> tunablesOtherThanDefaults(List<Map<String, String>> lineSources,
                            List<String> steps) {
                        return KernelRuntime.this.tunables.runningDifferences(lineSources, steps);
                    }
                }, log);
        kernelFileBoot = new KernelFileBoot(paths, new KernelFileBoot.StaticLoader() {
            @Override
            public void load(String module) throws KernelException {
                boot.loadStatic(module);
            }

            @Override
            public void unload(List<String> modules) {
                boot.unloadStatic(modules);
            }

            @Override
            public Optional<Path> registeredImage(String module) {
                return catalog.registered(module).map(r -> r.image().path());
            }

            @Override
            public List<String> configuredStatic() {
                KernelRuntime.this.tunables.forgetKernelFileModuleValues();
                return boot.configuredStatic();
            }

            @Override
            public Optional<String> tunables(Path kernelFile, List<SystemDescription.Tunable> lines) {
                Map<String, String> values = new LinkedHashMap<>();
                lines.forEach(t -> values.put(t.name(), t.value()));
                return KernelRuntime.this.tunables.bootKernelValues(kernelFile.toString(), values);
            }
        });
    }

    /**
     * @return FileInstall's poll interval ({@code felix.fileinstall.poll}, 1 s if unset): a jar copied over a
     *     deployed one is read once it kept its content for one and a half polls, and one that does not open as a
     *     zip is refused once it kept it for three (at least two seconds)
     */
    private static long pollMillis(BundleContext context) {
        long poll = 1000;
        try {
            String p = context.getProperty("felix.fileinstall.poll");
            if (p != null) {
                poll = Long.parseLong(p.trim());
            }
        } catch (NumberFormatException e) {
            // FileInstall takes its own default then, as do we
        }
        return Math.max(1, poll);
    }

    /** @return the names of the modules loaded as statically configured, in load order */
    private List<String> runningStatic() {
        List<String> names = new ArrayList<>();
        for (LoadedModule m : table.rows()) {
            if (m.statik) {
                names.add(m.name());
            }
        }
        return names;
    }

    /**
     * Makes the kernel files whole (a journal a kill left, temporary files) before the runtime's services exist, so
     * that no command runs meanwhile.
     *
     * @return what was done, one line each
     */
    List<String> prepareKernelFiles() {
        List<String> report = kernelFileBoot.prepare();
        report.forEach(line -> log.log("kminit", line));
        return report;
    }

    /**
     * Reads the catalog (registering the shipped modules at first boot), starts tracking module bundles, and loads
     * the static modules (from the kernel file, see {@link KernelFileBoot}) and {@code etc/loadmods}.
     *
     * @param namedKernel the kernel file {@code --kernel} names ({@code dlkm.kernel}), if any
     * @return the problems met, one line each
     */
    List<String> boot(Path moduleDirectory, Optional<Path> namedKernel) {
        List<String> problems = new ArrayList<>(catalog.boot(moduleDirectory));
        images.boot();
        problems.addAll(tunables.boot());
        problems.addAll(stubs.boot());
        tracker.open();
        List<String> kernelReport = kernelFileBoot.boot(namedKernel);
        kernelReport.forEach(line -> log.log("kminit", line));
        problems.addAll(kernelReport);
        problems.addAll(boot.loadmods(loadmods));
        catalog.pendingRemovals().applyAll("at boot");
        return problems;
    }

    /**
     * Stops the kernel: every module, newest first, is asked to unload (its answer cannot keep it: the kernel is
     * going away) and withdrawn; the removals waiting for an unload are done, and the configured images kmupdate -M
     * left pending move into place; then the module
     * thread and the timers end, and the kernel moves {@code kmupdate} scheduled are made.
     */
    void shutdown() {
        deployment.close();
        vms.stopAll();
        transmitFilters.close();
        autoloadQueue.close();
        stubs.close();
        tracker.close();
        withdrawal.shuttingDown();
        try (TransitionLock.Held held = table.lock().enter()) {
            List<LoadedModule> modules = table.rows();
            for (int i = modules.size() - 1; i >= 0; i--) {
                unloader.forceUnload(modules.get(i), "at kernel shutdown");
            }
            catalog.pendingRemovals().applyAll("at shutdown");
            images.applyPending();
        }
        moduleThread.shutdown();
        timers.shutdown();
        configuration.atShutdown();
    }
}
