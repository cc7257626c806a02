package org.dlkm.kernel.runtime.internal.loader;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.KernelPackages;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleResources;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleConstants;
import org.dlkm.kernel.spi.ModuleContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Loads one module as a transaction: its row entered, its jar installed as a bundle, resolved under the symbol
 * visibility rules and started, its context created, its wrapper built and its {@code load} called on the module
 * thread. Each step that is done is pushed on an undo stack; whatever fails (a {@link KernelException}, any other
 * exception, an {@link Error} such as {@link OutOfMemoryError}, {@link StackOverflowError} or
 * {@link LinkageError}, or the watchdog) unwinds the stack, so that a failed load leaves no row, bundle, device,
 * proc entry, timer or thread behind.
 *
 * <p>Threading: {@link #load} is called with the transition lock held; module code runs on the
 * {@link ModuleThread}.
 */
public final class ModuleLoader {
    /** Explains why a module bundle did not resolve, or returns null if it cannot tell. */
    @FunctionalInterface
    public interface Diagnosis {
        String explain(String module, Bundle bundle);
    }

    private final ModuleTable table;
    private final LoadAdmission admission;
    private final FrameworkSeam framework;
    private final ModuleVisibility visibility;
    private final Diagnosis diagnosis;
    private final Withdrawal withdrawal;
    private final ModuleThread moduleThread;
    private final Transaction transaction;
    private final Function<LoadedModule, ModuleContext> contexts;
    private final PciBus bus;
    private final Function<LoadedModule, List<String>> deviceNames;
    private final KernelLog log;
    private final Clock clock;

    public ModuleLoader(ModuleTable table, PciBus bus, KernelPackages kernelPackages, FrameworkSeam framework,
            ModuleVisibility visibility, Diagnosis diagnosis, Withdrawal withdrawal, ModuleThread moduleThread, Transaction transaction,
            Function<LoadedModule, ModuleContext> contexts, Function<LoadedModule, List<String>> deviceNames,
            KernelLog log, Clock clock) {
        this.table = table;
        this.admission = new LoadAdmission(table, bus, kernelPackages);
        this.framework = framework;
        this.visibility = visibility;
        this.diagnosis = diagnosis;
        this.withdrawal = withdrawal;
        this.moduleThread = moduleThread;
        this.transaction = transaction;
        this.contexts = contexts;
        this.bus = bus;
        this.deviceNames = deviceNames;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Loads one module; the caller holds the transition lock.
     *
     * @param statik whether it is loaded at boot as statically configured
     * @param steps where each step is recorded, for {@code vmkload_mod -v}
     * @return the loaded module, in the table as LOADED
     * @throws KernelException why it was refused or failed; nothing of it is left
     */
    public LoadedModule load(ModuleJar jar, LoadRequest request, boolean statik, List<String> steps)
            throws KernelException {
        return load(jar, request, statik, steps, transaction.origin());
    }

    /**
     * Loads one module, saying how it came to be loaded.
     *
     * @param loadedBy what {@code kmadmin -Q} says the module was loaded by
     */
    public LoadedModule load(ModuleJar jar, LoadRequest request, boolean statik, List<String> steps, String loadedBy)
            throws KernelException {
        steps.add("read " + jar.path() + ": module " + jar.name() + " (" + jar.master().type().fileName()
                + "), wrapper " + jar.moduleClass());
        transaction.refuseCycle(jar.name(), "load");
        LoadedModule module = admission.admit(jar, request, statik, steps);
        module.loadedBy = loadedBy;
        UndoStack undo = new UndoStack();
        try {
            run(module, undo, steps);
        } catch (Throwable failure) {
            KernelException e = asKernelException(module.name(), failure);
            List<String> problems = undo.unwind();
            module.instance = null;
            module.resources = null;
            steps.add("rolled back");
            log.log(module.name(), "load failed: " + e.getMessage());
            problems.forEach(p -> log.log(module.name(), p));
            throw e;
        }
        undo.clear();
        transaction.loaded(module);
        log.log(module.name(), "loaded as ID " + module.id + " with tag " + module.tag
                + (module.exportSymbols ? ", symbols exported" : "") + (statik ? ", statically configured" : ""));
        steps.add("loaded " + module.name() + " as ID " + module.id);
        return module;
    }

    private void run(LoadedModule module, UndoStack undo, List<String> steps) throws Exception {
        module.threadIdAtLoad = LiveThreads.newestThreadId();
        table.enter(module);
        undo.push("enter " + module + " in the module table", () -> table.leave(module));
        Bundle bundle = install(module, steps);
        undo.push("install bundle " + bundle.getBundleId(), () -> withdrawal.removeBundle(module, bundle));
        resolveAndStart(module, bundle, steps);
        ModuleContext context = contexts.apply(module);
        module.resources = (ModuleResources) context;
        undo.push("create the context of " + module, () -> withdrawal.releaseResources(module));
        callLoad(module, context, steps);
        checkSharedDevicesClaimed(module);
        List<String> devs = deviceNames.apply(module);
        if (!devs.isEmpty()) {
            steps.add("devices: " + String.join(", ", devs));
        }
        module.loadedAt = Instant.now(clock);
        table.setState(module, ModuleState.LOADED);
    }

    private Bundle install(LoadedModule module, List<String> steps) throws KernelException {
        Bundle bundle;
        try {
            bundle = framework.install(module.jar.path());
        } catch (BundleException | IOException e) {
            throw new KernelException(Errno.ENOEXEC, module.name() + ": cannot install " + module.jar.path() + ": "
                    + e.getMessage(), e);
        }
        table.bundleInstalled(module, bundle);
        visibility.admit(bundle.getBundleId(), module.exportSymbols);
        steps.add("installed bundle " + bundle.getBundleId() + " " + bundle.getSymbolicName() + " "
                + bundle.getVersion());
        return bundle;
    }

    private void resolveAndStart(LoadedModule module, Bundle bundle, List<String> steps) throws KernelException {
        String name = module.name();
        if (!framework.resolve(bundle)) {
            String why = diagnosis.explain(name, bundle);
            if (why == null) {
                why = name + ": cannot resolve bundle " + bundle.getSymbolicName() + ": " + startFailure(bundle);
            }
            throw new KernelException(Errno.ENOEXEC, why);
        }
        steps.add("resolved: " + describeImports(bundle));
        try {
            framework.start(bundle);
        } catch (BundleException e) {
            throw new KernelException(Errno.ENOEXEC, name + ": cannot start bundle " + bundle.getSymbolicName() + ": "
                    + e.getMessage(), e);
        }
        steps.add("started bundle " + bundle.getBundleId());
    }

    /** Asks the framework why a bundle does not resolve, by trying to start it (transiently). */
    private static String startFailure(Bundle bundle) {
        try {
            bundle.start(Bundle.START_TRANSIENT);
            bundle.stop(Bundle.STOP_TRANSIENT);
            return "unknown reason";
        } catch (BundleException | RuntimeException e) {
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
                        + table.byBundle(p).map(LoadedModule::name).orElse(p.getSymbolicName()));
            }
        }
        return from.isEmpty() ? "no imports" : String.join(", ", from);
    }

    /** Builds the wrapper and calls its {@code load}, in one hand-off to the module thread. */
    private void callLoad(LoadedModule module, ModuleContext context, List<String> steps) throws Exception {
        String name = module.name();
        runModuleCode(module, "load", () -> {
            KernelModule instance = newWrapper(module);
            module.instance = instance;
            steps.add("calling " + module.jar.moduleClass() + ".load");
            try {
                instance.load(context);
            } catch (KernelException e) {
                throw new KernelException(e.number(), name + ": load failed: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * Runs module code on the module thread, as module code the transaction knows is running (so that a nested
     * call about the same module is refused rather than waited for), with the module's class loader as the thread's
     * context class loader: a thread the module creates inherits it, which is how {@link LiveThreads} knows it.
     */
    public <T> T runModuleCode(LoadedModule module, String action, Callable<T> code) throws Exception {
        ClassLoader loader = LiveThreads.loaderOf(module.bundle);
        int mark = transaction.begin(module, action);
        try {
            return moduleThread.call(module.name(), action, () -> {
                Thread current = Thread.currentThread();
                ClassLoader previous = current.getContextClassLoader();
                current.setContextClassLoader(loader);
                try {
                    return code.call();
                } finally {
                    current.setContextClassLoader(previous);
                }
            });
        } finally {
            transaction.end(mark);
        }
    }

    /** Creates a module's wrapper; runs on the module thread, which loads the wrapper's classes. */
    private static KernelModule newWrapper(LoadedModule module) throws KernelException {
        String name = module.name();
        String wrapper = module.jar.moduleClass();
        try {
            Class<?> type = module.bundle.loadClass(wrapper);
            if (!KernelModule.class.isAssignableFrom(type)) {
                throw new KernelException(Errno.ENOEXEC, name + ": wrapper " + wrapper + " does not implement "
                        + KernelModule.class.getName() + otherSpi(type));
            }
            return (KernelModule) type.getConstructor().newInstance();
        } catch (KernelException e) {
            throw e;
        } catch (ClassNotFoundException e) {
            throw new KernelException(Errno.ENOEXEC, name + ": wrapper class " + wrapper
                    + " named by " + ModuleConstants.MODULE_CLASS_HEADER + " is not in the module", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new KernelException(Errno.ENOEXEC, name + ": cannot create wrapper " + wrapper + ": its constructor"
                    + " threw " + Causes.describe(e.getCause()), e.getCause());
        } catch (ExceptionInInitializerError e) {
            Throwable thrown = e.getCause() == null ? e : e.getCause();
            throw new KernelException(Errno.ENOEXEC, name + ": cannot create wrapper " + wrapper + ": its static"
                    + " initializer threw " + Causes.describe(thrown), thrown);
        } catch (Exception | LinkageError e) {
            throw new KernelException(Errno.ENOEXEC, name + ": cannot create wrapper " + wrapper + ": "
                    + Causes.describe(e), e);
        }
    }

    /**
     * @return why a wrapper that implements an interface of the kernel module's name is not one: it sees the SPI from
     *     another bundle than the kernel's (the extender capability carries no {@code uses}, see the kernel's
     *     {@code bnd.bnd}); empty if it implements none
     */
    static String otherSpi(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(KernelModule.class.getName())) {
                    return " of the kernel: it sees " + KernelModule.class.getPackageName() + " from " + origin(i)
                            + ", the kernel from " + origin(KernelModule.class)
                            + "; uninstall the other kernel-api bundle so that modules wire to the kernel's";
                }
            }
        }
        return "";
    }

    private static String origin(Class<?> type) {
        Bundle b = FrameworkUtil.getBundle(type);
        return b != null ? "bundle " + b.getSymbolicName() + " " + b.getVersion() + " (ID " + b.getBundleId() + ")"
                : "class loader " + type.getClassLoader();
    }

    private void checkSharedDevicesClaimed(LoadedModule module) throws KernelException {
        for (PciAddress a : module.sharedDevices) {
            String owner = bus.find(a).flatMap(PciDevice::claimedBy).orElse(null);
            if (!module.name().equals(owner)) {
                throw new KernelException(Errno.ENODEV, module.name() + ": PCI " + a + " named by -d is not a device"
                        + " this driver supports: it did not claim it");
            }
        }
    }

    /**
     * The error a failure of module code becomes: a {@link KernelException} as it is; an
     * {@link OutOfMemoryError} {@code ENOMEM}; anything else {@code EIO}, naming what was thrown.
     */
    static KernelException asKernelException(String module, Throwable failure) {
        if (failure instanceof KernelException e) {
            return e;
        }
        Errno code = failure instanceof OutOfMemoryError ? Errno.ENOMEM : Errno.EIO;
        return new KernelException(code, module + ": load failed: " + Causes.describe(failure), failure);
    }
}
