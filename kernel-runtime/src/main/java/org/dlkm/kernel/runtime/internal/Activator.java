package org.dlkm.kernel.runtime.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.config.KernelConfiguration;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.runtime.internal.loader.ModuleThread;
import org.dlkm.kernel.runtime.internal.loader.ModuleVisibility;
import org.dlkm.kernel.runtime.internal.loader.SymbolVisibilityHook;
import org.dlkm.kernel.runtime.internal.pci.HardwareDescription;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.tune.TunableStore;
import org.dlkm.kernel.runtime.internal.pci.PciFormat;
import org.dlkm.kernel.runtime.internal.pci.PciSlot;
import org.dlkm.kernel.runtime.internal.text.AsciiNumbers;
import org.dlkm.kernel.runtime.internal.text.StrictText;
import org.dlkm.kernel.tune.TunableService;
import org.dlkm.kernel.vm.VirtualMachines;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.dlkm.kernel.runtime.internal.deploy.FileInstallSeam;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;

/**
 * Starts the kernel. An activator rather than a component because the symbol visibility hook must be live before
 * any module bundle can resolve, and the kernel's parts must exist in a fixed order before its services appear.
 * The activator registers the hook, builds the runtime, registers its services (the {@link KernelService} with
 * {@value KernelService#STATE_PROPERTY}{@code =booting}) and starts the boot on a thread of its own, off the
 * framework's start-level thread: booting runs module code, which may wait for services. When the boot is done
 * the property becomes {@code running}.
 *
 * <p>Framework properties read: {@code dlkm.home} (the kernel home, default {@code ./var}), {@code dlkm.modules}
 * (the module directory, default {@code <home>/vmkmod}), {@code dlkm.hardware} (a hardware description file,
 * default the seed's example machine), {@code dlkm.module.timeout} (seconds module code may take in one
 * {@code load} or {@code unload} before the watchdog fails it, default 30), {@code dlkm.kernel} (a kernel file to
 * boot instead of {@code stand/vmunix}).
 */
public final class Activator implements BundleActivator {
    /** Framework property: a kernel file to boot instead of {@code stand/vmunix} ({@code ./dlkm --kernel FILE}). */
    public static final String KERNEL_PROPERTY = "dlkm.kernel";
    /** How long stopping the runtime waits for a boot still running. */
    private static final long BOOT_JOIN_MILLIS = 60_000;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private KernelRuntime runtime;
    private Thread bootThread;
    private OsgiLogForwarder logForwarder;

    @Override
    public void start(BundleContext context) throws Exception {
        ModuleVisibility visibility = new ModuleVisibility();
        SymbolVisibilityHook hook = new SymbolVisibilityHook(visibility);
        registrations.add(context.registerService(ResolverHookFactory.class, hook, null));

        KernelHomeLayout home = KernelHomeLayout.of(Path.of(property(context, KernelHomeLayout.HOME_PROPERTY, "var")));
        Path modules = Path.of(property(context, KernelHomeLayout.MODULES_PROPERTY,
                home.moduleDirectory().toString())).toAbsolutePath().normalize();
        PciBus bus = new PciBus(hardware(context.getProperty(KernelHomeLayout.HARDWARE_PROPERTY)));
        TunableStore.checkKernelFiles(home.masterFiles().resolve("core-hpux"), home.root().resolve("stand/system"));
        KernelLog log = new KernelLog(Clock.systemUTC());
        logForwarder = osgiLog(context);
        log.forwardTo(logForwarder);
        runtime = new KernelRuntime(context, visibility, hook, home, modules, bus, moduleCallLimit(context), log);

        runtime.proc.publish("/proc/pci", "kernel", () -> PciFormat.procPci(bus.consoleVisible()), null);
        runtime.proc.publish("/proc/vmware/log", "kernel", log::text, null);
        runtime.transmitFilters.start(runtime.vms);
        log.log("kernel", "started: module directory " + modules + ", " + bus.devices().size() + " PCI devices");

        List<String> prepared = runtime.prepareKernelFiles();
        registrations.add(context.registerService(ProcTree.class, runtime.proc, null));
        registrations.add(context.registerService(DeviceService.class, runtime.deviceService, null));
        registrations.add(context.registerService(VirtualMachines.class, runtime.vms, null));
        registrations.add(context.registerService(ModuleCatalog.class, runtime.catalog, null));
        registrations.add(context.registerService(ModuleImages.class, runtime.images, null));
        registrations.add(context.registerService(TunableService.class, runtime.tunables, null));
        ServiceRegistration<KernelService> kernel = context.registerService(KernelService.class, runtime.kernel,
                state(KernelService.STATE_BOOTING));
        registrations.add(kernel);

        registrations.add(context.registerService(KernelConfiguration.class, runtime.configuration, null));
        registrations.add(context.registerService(new String[] {ListenerHook.class.getName(), FindHook.class.getName()},
                runtime.serviceDemand, null));
        fileInstall(context, runtime);
        String kernelFile = context.getProperty(KERNEL_PROPERTY);
        Optional<Path> namedKernel = kernelFile == null || kernelFile.isBlank() ? Optional.empty()
                : Optional.of(Path.of(kernelFile).toAbsolutePath().normalize());
        PrintStream err = System.err;
        KernelRuntime booting = runtime;
        bootThread = new Thread(() -> {
            prepared.forEach(p -> err.println("kminit: " + p));
            for (String p : booting.boot(modules, namedKernel)) {
                err.println("kminit: " + p);
            }
            booting.deployment.booted();
            try {
                kernel.setProperties(state(KernelService.STATE_RUNNING));
            } catch (IllegalStateException e) {
                // stopped while booting
            }
        }, "dlkm-boot");
        bootThread.setDaemon(true);
        bootThread.setContextClassLoader(null);
        bootThread.start();
    }

    /** Registers the kernel's FileInstall installer, if FileInstall's package is wired: hot deployment. */
    private void fileInstall(BundleContext context, KernelRuntime runtime) {
        try {
            registrations.add(FileInstallSeam.register(context, runtime.deployment));
        } catch (NoClassDefFoundError noFileInstall) {
            runtime.log.log("kernel", "no FileInstall: module jars are not hot-deployed");
        }
    }

    /** @return a forwarder to the OSGi Logger, or null if the optional log package is not wired */
    private static OsgiLogForwarder osgiLog(BundleContext context) {
        try {
            return new OsgiLogForwarder(context);
        } catch (NoClassDefFoundError e) {
            return null;
        }
    }

    private static Dictionary<String, Object> state(String state) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(KernelService.STATE_PROPERTY, state);
        return properties;
    }

    private static Duration moduleCallLimit(BundleContext context) throws KernelException {
        String value = context.getProperty(KernelHomeLayout.MODULE_TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return ModuleThread.DEFAULT_LIMIT;
        }
        try {
            long seconds = AsciiNumbers.decimal(value.trim());
            if (seconds < 1) {
                throw new NumberFormatException("below 1");
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new KernelException(Errno.EINVAL, KernelHomeLayout.MODULE_TIMEOUT_PROPERTY + " "
                    + StrictText.quoted(value) + " must be a whole number of seconds, 1 or more, in "
                    + AsciiNumbers.DECIMAL_FORM);
        }
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static List<PciSlot> hardware(String file) throws KernelException {
        if (file == null || file.isBlank()) {
            return HardwareDescription.defaultMachine();
        }
        Path path = Path.of(file);
        try {
            return HardwareDescription.parse(path.toString(), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new KernelException(e instanceof NoSuchFileException ? Errno.ENOENT : Errno.EIO, "hardware"
                    + " description " + path + ": cannot read it: " + Causes.ofFile(e), e);
        }
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        if (bootThread != null) {
            bootThread.join(BOOT_JOIN_MILLIS);
            bootThread = null;
        }
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        if (runtime != null) {
            runtime.shutdown();
            runtime.log.forwardTo(null);
            runtime = null;
        }
        if (logForwarder != null) {
            logForwarder.close();
            logForwarder = null;
        }
    }
}
