package org.dlkm.kernel.runtime.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.LoadResult;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;
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

    private final Object transitions = new Object();
    private final Map<Integer, LoadedModule> table = new ConcurrentSkipListMap<>();
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
    private int nextId = 1;

    Kernel(BundleContext context, ModuleVisibility visibility, SymbolVisibilityHook hook, ModuleDirectory directory,
            PciBus bus, DeviceRegistry devices, ProcTreeImpl proc, FilterClassRegistry filters, KernelLog log,
            Clock clock) {
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
            Path path = directory.resolve(request.binary());
            ModuleJar jar = ModuleJar.read(path);
            steps.add("read " + path + ": module " + jar.name() + " (" + jar.master().type().fileName() + "), wrapper "
                    + jar.moduleClass());
            String name = jar.name();
            Optional<LoadedModule> existing = find(name);
            if (existing.isPresent()) {
                throw new KernelException(Errno.EEXIST, name + ": module already loaded (ID " + existing.get().id
                        + ", tag " + existing.get().tag + "); unload it first with vmkload_mod -u " + name);
            }
            if (!jar.master().loadable()) {
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
            LoadedModule module = new LoadedModule(nextId++, jar, tag, request.exportSymbols(), parameters, shared);
            try {
                install(module, steps);
                activate(module, steps);
            } catch (KernelException | RuntimeException e) {
                rollback(module, steps);
                log.log(name, "load failed: " + e.getMessage());
                throw e;
            }
            module.loadedAt = Instant.now(clock);
            module.state = ModuleState.LOADED;
            table.put(module.id, module);
            log.log(name, "loaded as ID " + module.id + " with tag " + tag
                    + (module.exportSymbols ? ", symbols exported" : ""));
            steps.add("loaded " + name + " as ID " + module.id);
            return new LoadResult(info(module), steps);
        }
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
        for (LoadedModule m : table.values()) {
            if (!m.exportSymbols) {
                continue;
            }
            Set<String> both = new TreeSet<>(m.jar.exportedPackages());
            both.retainAll(jar.exportedPackages());
            if (!both.isEmpty()) {
                throw new KernelException(Errno.EEXIST, jar.name() + ": symbol conflict: " + String.join(", ", both)
                        + " already exported by " + m.name() + " (ID " + m.id + "); load only one of them with -e");
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
        KernelModule instance;
        try {
            Class<?> type = module.bundle.loadClass(module.jar.moduleClass());
            if (!KernelModule.class.isAssignableFrom(type)) {
                throw new KernelException(Errno.ENOEXEC, name + ": wrapper " + module.jar.moduleClass()
                        + " does not implement " + KernelModule.class.getName());
            }
            instance = (KernelModule) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new KernelException(Errno.ENOEXEC, name + ": wrapper class " + module.jar.moduleClass()
                    + " named by DLKM-Module-Class is not in the module", e);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new KernelException(Errno.ENOEXEC, name + ": cannot create wrapper " + module.jar.moduleClass()
                    + ": " + e, e);
        }
        module.instance = instance;
        ModuleContextImpl ctx = new ModuleContextImpl(module, bus, devices, proc, filters, log);
        module.context = ctx;
        steps.add("calling " + module.jar.moduleClass() + ".load");
        try {
            instance.load(ctx);
        } catch (KernelException e) {
            throw new KernelException(e.errno(), name + ": load failed: " + e.getMessage(), e);
        } catch (Exception | LinkageError e) {
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
            List<String> dependents = dependents(module);
            if (!dependents.isEmpty()) {
                throw new KernelException(Errno.EBUSY, module.name() + ": module is busy: "
                        + String.join(", ", dependents) + (dependents.size() == 1 ? " depends" : " depend")
                        + " on it; unload " + (dependents.size() == 1 ? "it" : "them") + " first");
            }
            List<String> holders = devices.beginUnload(module);
            if (!holders.isEmpty()) {
                throw new KernelException(Errno.EBUSY, module.name() + ": module is busy: "
                        + String.join(", ", holders).replace(" by ", " is held open by ")
                        + "; close " + (holders.size() == 1 ? "it" : "them") + " first");
            }
            int rc;
            try {
                rc = module.instance.unload();
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
            module.context.release();
            table.remove(module.id);
            removeBundle(module, module.bundle);
            module.instance = null;
            module.context = null;
            module.bundle = null;
            log.log(module.name(), "unloaded (ID " + module.id + ")");
        }
    }

    /**
     * Stops the kernel: every module, newest first, is asked to unload (its answer cannot keep it: the kernel is
     * going away), its resources are withdrawn and its bundle uninstalled.
     */
    void shutdown() {
        synchronized (transitions) {
            List<LoadedModule> modules = new ArrayList<>(table.values());
            java.util.Collections.reverse(modules);
            for (LoadedModule m : modules) {
                try {
                    int rc = m.instance.unload();
                    if (rc != 0) {
                        log.log(m.name(), "refused to unload (" + Errno.of(rc) + ") at kernel shutdown; unloaded anyway");
                    }
                } catch (RuntimeException | LinkageError e) {
                    log.log(m.name(), "unload failed at kernel shutdown: " + e);
                }
                m.context.release();
                table.remove(m.id);
                try {
                    m.bundle.uninstall();
                } catch (BundleException | IllegalStateException e) {
                    log.log(m.name(), "uninstalling bundle failed at kernel shutdown: " + e.getMessage());
                }
                visibility.forget(m.bundle.getBundleId());
            }
        }
    }

    /** @return the loaded modules that depend on this one, through package wiring */
    private List<String> dependents(LoadedModule module) {
        Set<String> names = new TreeSet<>();
        BundleWiring w = module.bundle.adapt(BundleWiring.class);
        if (w != null) {
            for (BundleWire wire : w.getProvidedWires(PackageNamespace.PACKAGE_NAMESPACE)) {
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
        Bundle bundle = module.bundle;
        BundleWiring w = bundle == null ? null : bundle.adapt(BundleWiring.class);
        if (w != null) {
            for (BundleWire wire : w.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                Bundle provider = wire.getProvider().getBundle();
                if (!provider.equals(bundle)) {
                    moduleOf(provider).ifPresent(m -> names.add(m.name()));
                }
            }
        }
        return new ArrayList<>(names);
    }

    private Optional<LoadedModule> moduleOf(Bundle bundle) {
        for (LoadedModule m : table.values()) {
            if (bundle.equals(m.bundle)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private Optional<LoadedModule> find(String name) {
        for (LoadedModule m : table.values()) {
            if (m.name().equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
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

    /** @return the loaded modules, for the kernel's own proc entries */
    Collection<LoadedModule> modules() {
        return table.values();
    }

    private ModuleInfo info(LoadedModule m) {
        Bundle b = m.bundle;
        return new ModuleInfo(m.id, m.name(), m.tag, m.jar.path().toString(), m.jar.master().type().fileName(),
                m.jar.description(), m.jar.version(), m.state, b == null ? -1 : b.getBundleId(), m.exportSymbols,
                m.jar.exportedPackages(), m.parameters, devices.deviceNames(m),
                b == null ? List.of() : dependsOn(m), b == null ? List.of() : dependents(m), devices.holders(m),
                m.jar.size(), m.loadedAt);
    }
}
