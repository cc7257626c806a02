package org.dlkm.kernel.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadPlanInfo;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.LoadResult;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlanner;
import org.dlkm.kernel.runtime.internal.catalog.SystemFile;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.spi.KernelModule;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The module table and the loader. A load installs the module jar as a bundle, resolves it under the symbol
 * visibility rules, starts it, instantiates its wrapper and calls {@code load}; any failure undoes every step. An
 * unload refuses while the module is busy, asks the module, withdraws what it registered, and uninstalls and
 * refreshes its bundle so that its class loader can be collected.
 *
 * <p>Threading: loads and unloads are serialised on one lock ({@code transitions}); queries read the table, a
 * concurrent map, without it. The resolver hook never takes the lock.
 */
final class Kernel implements KernelService {
    private static final long REFRESH_TIMEOUT_SECONDS = 30;

    private final Object transitions;
    private final Map<Integer, LoadedModule> table = new ConcurrentSkipListMap<>();
    /** The table indexed by module name, by bundle ID, and by the packages of modules that export symbols. */
    private final Map<String, LoadedModule> byName = new ConcurrentHashMap<>();
    private final Map<Long, LoadedModule> byBundle = new ConcurrentHashMap<>();
    private final Map<String, LoadedModule> symbolExporters = new ConcurrentHashMap<>();
    private final ModuleCatalogImpl catalog;
    private final BundleContext context;
    private final ModuleVisibility visibility;
    private final SymbolVisibilityHook hook;
    private final ModuleDirectory directory;
    private final PciBus bus;
    private final DeviceRegistry devices;
    private final ProcTreeImpl proc;
    private final FilterClassRegistry filters;
    private final KernelLog log;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final ModuleThread moduleThread = new ModuleThread();
    /** Module jars already read, the least recently used dropped past 1,024. Guarded by the transition lock. */
    private final Map<Path, JarRead> jarsRead = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, JarRead> eldest) {
            return size() > 1024;
        }
    };
    /** The ID of the next module to load; a failed load uses none. Guarded by the transition lock. */
    private int nextId = 1;

    Kernel(Object transitions, BundleContext context, ModuleVisibility visibility, SymbolVisibilityHook hook,
            ModuleDirectory directory, ModuleCatalogImpl catalog, PciBus bus, DeviceRegistry devices,
            ProcTreeImpl proc, FilterClassRegistry filters, KernelLog log, Clock clock,
            ScheduledExecutorService timers) {
        this.timers = timers;
        this.transitions = transitions;
        this.catalog = catalog;
        this.context = context;
        this.visibility = visibility;
        this.hook = hook;
        this.directory = directory;
        this.bus = bus;
        this.devices = devices;
        this.proc = proc;
        this.filters = filters;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public LoadResult load(LoadRequest request) throws KernelException {
        synchronized (transitions) {
            List<String> steps = new ArrayList<>();
            LoadedModule module = loadModule(request, directory.resolve(request.binary()), false, steps);
            return new LoadResult(info(module), steps);
        }
    }

    /**
     * Loads one module; the caller holds the transition lock.
     *
     * @param path the module jar
     * @param statik whether it is loaded at boot as statically configured
     * @param steps where each step is recorded
     */
    private LoadedModule loadModule(LoadRequest request, Path path, boolean statik, List<String> steps)
            throws KernelException {
        ModuleJar jar = readJar(path);
        steps.add("read " + path + ": module " + jar.name() + " (" + jar.master().type().fileName() + "), wrapper "
                + jar.moduleClass());
        String name = jar.name();
        Optional<LoadedModule> existing = find(name);
        if (existing.isPresent()) {
            throw new KernelException(Errno.EEXIST, name + ": module already loaded (ID " + existing.get().id
                    + ", tag " + existing.get().tag + "); unload it first with vmkload_mod -u " + name);
        }
        if (!jar.master().loadable() && !statik) {
            throw new KernelException(Errno.ENOEXEC, name + ": not a loadable module: its master file has no"
                    + " $LOADABLE section, so it can only be configured statically");
        }
        String tag = request.tag().isEmpty() ? defaultTag(jar) : request.tag();
        if (!tag.matches("[A-Za-z0-9]+")) {
            throw new KernelException(Errno.EINVAL, name + ": module tag '" + tag
                    + "' must be letters and numbers only");
        }
        Map<String, String> parameters = jar.parameters().resolve(request.parameters());
        if (!parameters.isEmpty()) {
            steps.add("parameters: " + parameters);
        }
        Set<PciAddress> shared = sharedDevices(name, request.sharedDevices());
        if (request.exportSymbols()) {
            checkSymbolConflicts(jar);
        }
        LoadedModule module = new LoadedModule(nextId, jar, tag, request.exportSymbols(), parameters, shared,
                statik, majors(jar));
        try {
            install(module, steps);
            activate(module, steps);
        } catch (KernelException | RuntimeException e) {
            rollback(module, steps);
            log.log(name, "load failed: " + e.getMessage());
            throw e;
        }
        nextId++;
        module.loadedAt = Instant.now(clock);
        module.state = ModuleState.LOADED;
        enter(module);
        log.log(name, "loaded as ID " + module.id + " with tag " + tag
                + (module.exportSymbols ? ", symbols exported" : "") + (statik ? ", statically configured" : ""));
        steps.add("loaded " + name + " as ID " + module.id);
        return module;
    }

    /**
     * Reads a module jar: a registered image as the catalog read it, any other jar from the jars already read while
     * the file's size and modification time are unchanged; the caller holds the transition lock.
     */
    private ModuleJar readJar(Path path) throws KernelException {
        Optional<ModuleJar> registered = catalog.image(path);
        if (registered.isPresent()) {
            return registered.get();
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return ModuleJar.read(path);
        }
        JarRead cached = jarsRead.get(path);
        if (cached != null && cached.size() == attributes.size()
                && cached.modified().equals(attributes.lastModifiedTime())) {
            return cached.jar();
        }
        ModuleJar jar = ModuleJar.read(path);
        jarsRead.put(path, new JarRead(attributes.size(), attributes.lastModifiedTime(), jar));
        return jar;
    }

    /** A module jar as read, with the file attributes it was read at. */
    private record JarRead(long size, FileTime modified, ModuleJar jar) {
    }

    /**
     * The major numbers of a module: those its first {@code $DRIVER_INSTALL} entry gives, -1 there meaning the
     * lowest number from 64 up that no loaded module holds; -1 for a module without {@code $DRIVER_INSTALL}.
     */
    private int[] majors(ModuleJar jar) {
        if (jar.master().driverInstalls().isEmpty()) {
            return new int[] {-1, -1};
        }
        org.dlkm.kernel.runtime.internal.master.DriverInstall di = jar.master().driverInstalls().get(0);
        Set<Integer> taken = new HashSet<>();
        for (LoadedModule m : table.values()) {
            taken.add(m.majors[0]);
            taken.add(m.majors[1]);
        }
        int block = di.blockMajor();
        int chr = di.charMajor();
        if (block == -1) {
            block = lowestFree(taken);
            taken.add(block);
        }
        if (chr == -1) {
            chr = lowestFree(taken);
        }
        return new int[] {block, chr};
    }

    private static int lowestFree(Set<Integer> taken) {
        int n = 64;
        while (taken.contains(n)) {
            n++;
        }
        return n;
    }

    /** @return the tag a load without one uses: the first $DRIVER_INSTALL name, else the module name */
    private static String defaultTag(ModuleJar jar) {
        return jar.master().driverInstalls().isEmpty() ? jar.name() : jar.master().driverInstalls().get(0).name();
    }

    private Set<PciAddress> sharedDevices(String name, List<String> requested) throws KernelException {
        Set<PciAddress> shared = new LinkedHashSet<>();
        for (String text : requested) {
            PciAddress address = PciAddress.parse(text);
            PciDevice dev = bus.find(address).orElseThrow(() -> new KernelException(Errno.ENODEV, name
                    + ": no PCI device at " + address + " (see scanpci or cat /proc/pci)"));
            if (dev.claimedBy().isPresent()) {
                throw new KernelException(Errno.EBUSY, name + ": PCI " + address + " is already controlled by "
                        + dev.claimedBy().get());
            }
            if (dev.owner() != PciOwner.CONSOLE) {
                throw new KernelException(Errno.EINVAL, name + ": PCI " + address + " is assigned to the "
                        + (dev.owner() == PciOwner.VMKERNEL ? "VMkernel" : "VMkernel and the console")
                        + "; -d is only for a device the service console uses, and a VMkernel device needs no -d");
            }
            shared.add(address);
        }
        return shared;
    }

    private void checkSymbolConflicts(ModuleJar jar) throws KernelException {
        Set<String> both = new TreeSet<>();
        LoadedModule other = null;
        for (String pkg : jar.exportedPackages()) {
            LoadedModule m = symbolExporters.get(pkg);
            if (m != null && (other == null || other == m)) {
                other = m;
                both.add(pkg);
            }
        }
        if (other != null) {
            throw new KernelException(Errno.EEXIST, jar.name() + ": symbol conflict: " + String.join(", ", both)
                    + " already exported by " + other.name() + " (ID " + other.id + "); load only one of them with -e");
        }
    }

    /** Enters a loaded module into the table and its indexes; the caller holds the transition lock. */
    private void enter(LoadedModule module) {
        table.put(module.id, module);
        byName.put(module.name(), module);
        byBundle.put(module.bundle.getBundleId(), module);
        if (module.exportSymbols) {
            for (String pkg : module.jar.exportedPackages()) {
                symbolExporters.put(pkg, module);
            }
        }
    }

    /** Removes a module from the table and its indexes; the caller holds the transition lock. */
    private void leave(LoadedModule module) {
        table.remove(module.id);
        byName.remove(module.name(), module);
        if (module.bundle != null) {
            byBundle.remove(module.bundle.getBundleId(), module);
        }
        if (module.exportSymbols) {
            for (String pkg : module.jar.exportedPackages()) {
                symbolExporters.remove(pkg, module);
            }
        }
    }

    private void install(LoadedModule module, List<String> steps) throws KernelException {
        String name = module.name();
        Bundle bundle;
        try {
            bundle = context.installBundle(module.jar.path().toUri().toString(),
                    java.nio.file.Files.newInputStream(module.jar.path()));
        } catch (BundleException | java.io.IOException e) {
            throw new KernelException(Errno.ENOEXEC, name + ": cannot install " + module.jar.path() + ": "
                    + e.getMessage(), e);
        }
        module.bundle = bundle;
        visibility.admit(bundle.getBundleId(), module.exportSymbols);
        steps.add("installed bundle " + bundle.getBundleId() + " " + bundle.getSymbolicName() + " "
                + bundle.getVersion());
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        if (!wiring.resolveBundles(List.of(bundle))) {
            String why = SymbolDiagnosis.explain(name, bundle, context, hook, table.values(), directory);
            if (why == null) {
                why = name + ": cannot resolve bundle " + bundle.getSymbolicName() + ": " + startFailure(bundle);
            }
            throw new KernelException(Errno.ENOEXEC, why);
        }
        steps.add("resolved: " + describeImports(bundle));
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new KernelException(Errno.ENOEXEC, name + ": cannot start bundle " + bundle.getSymbolicName() + ": "
                    + e.getMessage(), e);
        }
        steps.add("started bundle " + bundle.getBundleId());
    }

    private static String startFailure(Bundle bundle) {
        try {
            bundle.start(Bundle.START_TRANSIENT);
            bundle.stop(Bundle.STOP_TRANSIENT);
            return "unknown reason";
        } catch (BundleException e) {
            return e.getMessage();
        }
    }

    private String describeImports(Bundle bundle) {
        BundleWiring w = bundle.adapt(BundleWiring.class);
        Set<String> from = new TreeSet<>();
        if (w != null) {
            for (BundleWire wire : w.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                Bundle p = wire.getProvider().getBundle();
                from.add(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE) + " from "
                        + moduleOf(p).map(LoadedModule::name).orElse(p.getSymbolicName()));
            }
        }
        return from.isEmpty() ? "no imports" : String.join(", ", from);
    }

    private void activate(LoadedModule module, List<String> steps) throws KernelException {
        String name = module.name();
        ModuleContextImpl ctx = new ModuleContextImpl(module, bus, devices, proc, filters, log, timers);
        try {
            // the wrapper and its load in one hand-off: each is a round trip to the module thread and back; the
            // caller waits meanwhile, so the steps list is not shared
            moduleThread.call(() -> {
                KernelModule instance = newWrapper(module);
                module.instance = instance;
                module.context = ctx;
                steps.add("calling " + module.jar.moduleClass() + ".load");
                try {
                    instance.load(ctx);
                } catch (KernelException e) {
                    throw new KernelException(e.errno(), name + ": load failed: " + e.getMessage(), e);
                } catch (Exception | LinkageError e) {
                    throw new KernelException(Errno.EIO, name + ": load failed: " + e, e);
                }
                return null;
            });
        } catch (KernelException e) {
            throw e;
        } catch (Exception e) {
            throw new KernelException(Errno.EIO, name + ": load failed: " + e, e);
        }
        for (PciAddress a : module.sharedDevices) {
            String owner = bus.find(a).flatMap(PciDevice::claimedBy).orElse(null);
            if (!name.equals(owner)) {
                throw new KernelException(Errno.ENODEV, name + ": PCI " + a + " named by -d is not a device this"
                        + " driver supports: it did not claim it");
            }
        }
        List<String> devs = devices.deviceNames(module);
        if (!devs.isEmpty()) {
            steps.add("devices: " + String.join(", ", devs));
        }
    }

    /** Creates a module's wrapper; runs on the module thread, which loads the wrapper's classes. */
    private static KernelModule newWrapper(LoadedModule module) throws KernelException {
        String name = module.name();
        try {
            Class<?> type = module.bundle.loadClass(module.jar.moduleClass());
            if (!KernelModule.class.isAssignableFrom(type)) {
                throw new KernelException(Errno.ENOEXEC, name + ": wrapper " + module.jar.moduleClass()
                        + " does not implement " + KernelModule.class.getName());
            }
            return (KernelModule) type.getConstructor().newInstance();
        } catch (KernelException e) {
            throw e;
        } catch (ClassNotFoundException e) {
            throw new KernelException(Errno.ENOEXEC, name + ": wrapper class " + module.jar.moduleClass()
                    + " named by DLKM-Module-Class is not in the module", e);
        } catch (Exception | LinkageError e) {
            throw new KernelException(Errno.ENOEXEC, name + ": cannot create wrapper " + module.jar.moduleClass()
                    + ": " + e, e);
        }
    }

    /** Undoes a failed load: the context's resources, then the bundle. Never throws. */
    private void rollback(LoadedModule module, List<String> steps) {
        ModuleContextImpl ctx = module.context;
        if (ctx != null) {
            ctx.release();
        }
        Bundle bundle = module.bundle;
        if (bundle != null) {
            removeBundle(module, bundle);
        }
        module.instance = null;
        module.context = null;
        module.bundle = null;
        steps.add("rolled back");
    }

    private void removeBundle(LoadedModule module, Bundle bundle) {
        try {
            if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
                bundle.stop();
            }
        } catch (BundleException | IllegalStateException e) {
            log.log(module.name(), "stopping bundle " + bundle.getBundleId() + " failed: " + e.getMessage());
        }
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            log.log(module.name(), "uninstalling bundle " + bundle.getBundleId() + " failed: " + e.getMessage());
        }
        refresh(module, bundle);
        visibility.forget(bundle.getBundleId());
    }

    private void refresh(LoadedModule module, Bundle bundle) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.log(module.name(), "refresh of bundle " + bundle.getBundleId() + " did not finish within "
                        + REFRESH_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void unload(String name) throws KernelException {
        synchronized (transitions) {
            LoadedModule module = findByBinary(name).orElseThrow(() -> new KernelException(Errno.ENOENT,
                    name + ": no such module loaded (loaded: " + loadedNames() + ")"));
            unloadModule(module);
        }
    }

    @Override
    public void unload(int id) throws KernelException {
        synchronized (transitions) {
            LoadedModule module = table.get(id);
            if (module == null) {
                throw new KernelException(Errno.ENOENT, "no module with ID " + id + " is loaded (loaded: "
                        + loadedNames() + ")");
            }
            unloadModule(module);
        }
    }

    /** Unloads a module with the busy rules; the caller holds the transition lock. */
    private void unloadModule(LoadedModule module) throws KernelException {
        if (module.statik) {
            throw new KernelException(Errno.EPERM, module.name() + ": statically configured into the kernel, so it"
                    + " never unloads; make it loadable with kmsystem -l Y " + module.name() + " and reboot");
        }
        List<String> dependents = dependents(module);
        if (!dependents.isEmpty()) {
            throw new KernelException(Errno.EBUSY, module.name() + ": module is busy: "
                    + String.join(", ", dependents) + (dependents.size() == 1 ? " depends" : " depend")
                    + " on it; unload " + (dependents.size() == 1 ? "it" : "them") + " first");
        }
        List<String> holders = devices.beginUnload(module, module.jar.master().type().tracksOpens());
        if (!holders.isEmpty()) {
            throw new KernelException(Errno.EBUSY, module.name() + ": module is busy: "
                    + String.join(", ", holders).replace(" by ", " is held open by ")
                    + "; close " + (holders.size() == 1 ? "it" : "them") + " first");
        }
        int rc;
        try {
            rc = unloadCall(module);
        } catch (RuntimeException | LinkageError e) {
            module.state = ModuleState.LOADED;
            throw new KernelException(Errno.EIO, module.name() + ": its unload failed and it stays loaded: " + e, e);
        }
        if (rc != 0) {
            module.state = ModuleState.LOADED;
            Errno code = Errno.of(rc);
            log.log(module.name(), "refused to unload: " + code);
            throw new KernelException(code, module.name() + ": the module refused to unload; it stays loaded");
        }
        discard(module);
    }

    /** Calls a module's {@code unload} on the module thread. */
    private int unloadCall(LoadedModule module) {
        KernelModule instance = module.instance;
        try {
            return moduleThread.call(instance::unload);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Withdraws a module whose unload is decided: its resources, its row, its bundle. */
    private void discard(LoadedModule module) {
        module.context.release();
        leave(module);
        removeBundle(module, module.bundle);
        module.instance = null;
        module.context = null;
        module.bundle = null;
        log.log(module.name(), "unloaded (ID " + module.id + ")");
    }

    @Override
    public LoadPlanInfo plan(String name) throws KernelException {
        synchronized (transitions) {
            LoadPlan plan = planDemandLoad(name);
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
    }

    /** Plans a demand load and checks every step against the system files; changes nothing. */
    private LoadPlan planDemandLoad(String name) throws KernelException {
        Set<String> loaded = new HashSet<>();
        for (LoadedModule m : table.values()) {
            loaded.add(m.name());
        }
        if (catalog.registered(name).isEmpty() && !loaded.contains(name)) {
            throw new KernelException(Errno.ENOENT, name + ": no such module registered (registered: "
                    + String.join(", ", registeredNames()) + "); kminstall -a adds one");
        }
        LoadPlan plan = new LoadPlanner(catalog.graph()).plan(name, loaded);
        for (LoadPlan.Step s : plan.steps()) {
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

    private List<String> registeredNames() {
        List<String> names = new ArrayList<>();
        for (org.dlkm.kernel.catalog.CatalogEntry e : catalog.entries()) {
            names.add(e.name());
        }
        return names;
    }

    @Override
    public List<ModuleInfo> demandLoad(String name) throws KernelException {
        synchronized (transitions) {
            LoadPlan plan = planDemandLoad(name);
            return runPlan(name, plan, false);
        }
    }

    /**
     * Loads every step of a plan, as one transaction: on a failure the modules it loaded are unloaded again, newest
     * first, whatever their own unload says, and the error names the step.
     */
    private List<ModuleInfo> runPlan(String name, LoadPlan plan, boolean statik) throws KernelException {
        List<LoadedModule> done = new ArrayList<>();
        int n = plan.steps().size();
        for (int i = 0; i < n; i++) {
            LoadPlan.Step step = plan.steps().get(i);
            Path image = catalog.imageDirectory().resolve(step.module() + ".jar");
            try {
                done.add(loadModule(LoadRequest.builder(image.toString()).exportSymbols(true).build(), image, statik,
                        new ArrayList<>()));
            } catch (KernelException e) {
                List<String> undone = new ArrayList<>();
                for (int j = done.size() - 1; j >= 0; j--) {
                    LoadedModule m = done.get(j);
                    forceUnload(m);
                    undone.add(m.name());
                }
                String rolledBack = undone.isEmpty() ? "" : "; unloaded again: " + String.join(", ", undone);
                throw new KernelException(e.errno(), name + ": demand load failed at step " + (i + 1) + " of " + n
                        + " (loading " + step.module() + "): " + e.getMessage() + rolledBack, e);
            }
        }
        List<ModuleInfo> infos = new ArrayList<>();
        for (LoadedModule m : done) {
            infos.add(info(m));
        }
        return infos;
    }

    /** Unloads a module this transaction loaded: its veto is logged, not obeyed. */
    private void forceUnload(LoadedModule m) {
        try {
            int rc = unloadCall(m);
            if (rc != 0) {
                log.log(m.name(), "refused to unload (" + Errno.of(rc) + ") while its demand load was rolled back;"
                        + " unloaded anyway");
            }
        } catch (RuntimeException | LinkageError e) {
            log.log(m.name(), "unload failed while its demand load was rolled back: " + e);
        }
        devices.beginUnload(m, false);
        discard(m);
    }

    /**
     * Boots the kernel's modules as {@code /sbin/init.d/kminit} does: every module the system files configure
     * statically, then every module named in {@code etc/loadmods}, one per line. A module that fails is reported
     * and the boot goes on.
     *
     * @return one line per module that failed
     */
    List<String> boot(Path loadmods) {
        synchronized (transitions) {
            List<String> failures = new ArrayList<>();
            for (org.dlkm.kernel.catalog.CatalogEntry e : catalog.entries()) {
                if (e.configure() && !e.loadable().orElse(false) && e.loadedId() < 0) {
                    try {
                        Set<String> loaded = new HashSet<>();
                        table.values().forEach(m -> loaded.add(m.name()));
                        LoadPlan plan = new LoadPlanner(n -> catalog.registered(n)
                                .map(r -> staticView(r.master())), catalog::symbolProviders).plan(e.name(), loaded);
                        runPlan(e.name(), plan, true);
                    } catch (KernelException ex) {
                        failures.add("static module " + e.name() + ": " + ex.getMessage() + " (" + ex.errno() + ")");
                    }
                }
            }
            List<String> names = new ArrayList<>();
            if (Files.isRegularFile(loadmods)) {
                try {
                    for (String line : Files.readAllLines(loadmods, StandardCharsets.UTF_8)) {
                        String t = line.trim();
                        if (!t.isEmpty() && !t.startsWith("#")) {
                            names.add(t);
                        }
                    }
                } catch (IOException ex) {
                    failures.add(loadmods + ": cannot read it: " + ex.getMessage());
                }
            }
            for (String module : names) {
                if (find(module).isPresent()) {
                    continue;
                }
                try {
                    runPlan(module, planDemandLoad(module), false);
                } catch (KernelException ex) {
                    failures.add(loadmods.getFileName() + ": " + ex.getMessage() + " (" + ex.errno() + ")");
                }
            }
            failures.forEach(f -> log.log("kminit", f));
            return failures;
        }
    }

    /** A master file as boot sees it: a static module loads whether or not it has $LOADABLE. */
    private static org.dlkm.kernel.runtime.internal.master.MasterFile staticView(
            org.dlkm.kernel.runtime.internal.master.MasterFile m) {
        return new org.dlkm.kernel.runtime.internal.master.MasterFile(m.name(), m.type(), m.typeFields(), true,
                m.stub(), m.interfaces(), m.dependencies(), m.tunables(), m.driverInstalls());
    }

    /**
     * Stops the kernel: every module, newest first, is asked to unload (its answer cannot keep it: the kernel is
     * going away), its resources are withdrawn and its bundle uninstalled.
     */
    void shutdown() {
        synchronized (transitions) {
            List<LoadedModule> modules = new ArrayList<>(table.values());
            Collections.reverse(modules);
            for (LoadedModule m : modules) {
                try {
                    int rc = unloadCall(m);
                    if (rc != 0) {
                        log.log(m.name(), "refused to unload (" + Errno.of(rc) + ") at kernel shutdown; unloaded anyway");
                    }
                } catch (RuntimeException | LinkageError e) {
                    log.log(m.name(), "unload failed at kernel shutdown: " + e);
                }
                m.context.release();
                leave(m);
                try {
                    m.bundle.uninstall();
                } catch (BundleException | IllegalStateException e) {
                    log.log(m.name(), "uninstalling bundle failed at kernel shutdown: " + e.getMessage());
                }
                visibility.forget(m.bundle.getBundleId());
            }
            moduleThread.shutdown();
        }
    }

    /**
     * @return the loaded modules that depend on this one: wired to it in any namespace (imports, Require-Bundle,
     *         generic capabilities), or naming it in $DRIVER_DEPENDENCY
     */
    private List<String> dependents(LoadedModule module) {
        Set<String> names = new TreeSet<>();
        for (LoadedModule m : table.values()) {
            if (m != module && m.jar.master().dependencies().contains(module.name())) {
                names.add(m.name());
            }
        }
        BundleWiring w = module.bundle.adapt(BundleWiring.class);
        if (w != null) {
            for (BundleWire wire : w.getProvidedWires(null)) { // null: wires of every namespace
                Bundle requirer = wire.getRequirer().getBundle();
                if (!requirer.equals(module.bundle)) {
                    moduleOf(requirer).ifPresent(m -> names.add(m.name()));
                }
            }
        }
        return new ArrayList<>(names);
    }

    private List<String> dependsOn(LoadedModule module) {
        Set<String> names = new TreeSet<>();
        for (String d : module.jar.master().dependencies()) {
            if (find(d).isPresent()) {
                names.add(d);
            }
        }
        Bundle bundle = module.bundle;
        BundleWiring w = bundle == null ? null : bundle.adapt(BundleWiring.class);
        if (w != null) {
            for (BundleWire wire : w.getRequiredWires(null)) { // null: wires of every namespace
                Bundle provider = wire.getProvider().getBundle();
                if (!provider.equals(bundle)) {
                    moduleOf(provider).ifPresent(m -> names.add(m.name()));
                }
            }
        }
        return new ArrayList<>(names);
    }

    private Optional<LoadedModule> moduleOf(Bundle bundle) {
        return Optional.ofNullable(byBundle.get(bundle.getBundleId()));
    }

    /** @return the ID of the loaded module of that name, or -1; reads the table without the lock */
    int loadedId(String name) {
        return find(name).map(m -> m.id).orElse(-1);
    }

    private Optional<LoadedModule> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private Optional<LoadedModule> findByBinary(String binary) {
        if (binary == null) {
            return Optional.empty();
        }
        Optional<String> name = ModuleDirectory.moduleName(binary);
        if (name.isPresent()) {
            return find(name.get());
        }
        Path jar = Path.of(binary.trim()).toAbsolutePath().normalize();
        for (LoadedModule m : table.values()) {
            if (m.jar.path().equals(jar)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private String loadedNames() {
        List<String> names = new ArrayList<>();
        for (LoadedModule m : table.values()) {
            names.add(m.name());
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    @Override
    public List<ModuleInfo> list() {
        List<ModuleInfo> infos = new ArrayList<>();
        for (LoadedModule m : table.values()) {
            if (m.state == ModuleState.LOADED || m.state == ModuleState.UNLOADING) {
                infos.add(info(m));
            }
        }
        return infos;
    }

    @Override
    public Optional<ModuleInfo> query(String name) {
        return findByBinary(name).map(this::info);
    }

    @Override
    public Optional<ModuleInfo> query(int id) {
        LoadedModule m = table.get(id);
        return m == null ? Optional.empty() : Optional.of(info(m));
    }

    @Override
    public List<ParameterInfo> parameters(String binary) throws KernelException {
        return ModuleJar.read(directory.resolve(binary)).parameters().all();
    }

    @Override
    public List<String> availableModules() {
        return directory.available();
    }

    private ModuleInfo info(LoadedModule m) {
        Bundle b = m.bundle;
        return new ModuleInfo(m.id, m.name(), m.tag, m.jar.path().toString(), m.jar.master().type().fileName(),
                m.jar.description(), m.jar.version(), m.state, b == null ? -1 : b.getBundleId(), m.exportSymbols,
                m.jar.exportedPackages(), m.parameters, devices.deviceNames(m),
                b == null ? List.of() : dependsOn(m), b == null ? List.of() : dependents(m), devices.holders(m),
                m.jar.size(), m.loadedAt, m.jar.master().type().label(), m.statik, m.majors[0], m.majors[1]);
    }
}
