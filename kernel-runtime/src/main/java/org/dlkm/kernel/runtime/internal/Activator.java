package org.dlkm.kernel.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.runtime.internal.pci.HardwareDescription;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.pci.PciFormat;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;

/**
 * Boots the kernel. An activator rather than a component because the symbol visibility hook must be live before
 * any module bundle can resolve, and the kernel's parts must exist in a fixed order before its services appear.
 *
 * <p>Framework properties read: {@code dlkm.home} (the kernel home, default {@code ./var}), {@code dlkm.modules}
 * (the module directory, default {@code <home>/vmkmod}), {@code dlkm.hardware} (a hardware description file,
 * default the seed's example machine).
 */
public final class Activator implements BundleActivator {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private Kernel kernel;
    private ScheduledThreadPoolExecutor timers;

    @Override
    public void start(BundleContext context) throws Exception {
        ModuleVisibility visibility = new ModuleVisibility();
        SymbolVisibilityHook hook = new SymbolVisibilityHook(visibility);
        registrations.add(context.registerService(ResolverHookFactory.class, hook, null));

        Path home = Path.of(property(context, "dlkm.home", "var")).toAbsolutePath().normalize();
        Path modules = Path.of(property(context, "dlkm.modules", home.resolve("vmkmod").toString()))
                .toAbsolutePath().normalize();
        PciBus bus = new PciBus(hardware(context.getProperty("dlkm.hardware")));
        KernelLog log = new KernelLog(Clock.systemUTC());
        ProcTreeImpl proc = new ProcTreeImpl();
        DeviceRegistry devices = new DeviceRegistry(bus, proc, log);
        FilterClassRegistry filters = new FilterClassRegistry(log);
        AtomicInteger timerThreads = new AtomicInteger();
        timers = new ScheduledThreadPoolExecutor(2, task -> {
            Thread t = new Thread(task, "dlkm-timer-" + timerThreads.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        Object transitions = new Object();
        ModuleCatalogImpl catalog = new ModuleCatalogImpl(transitions, home, log);
        kernel = new Kernel(transitions, context, visibility, hook,
                new ModuleDirectory(modules, List.of(catalog.imageDirectory())), catalog, bus, devices, proc, filters,
                log, Clock.systemUTC(), timers);
        catalog.setLoadedIds(kernel::loadedId);

        proc.publish("/proc/pci", "kernel", () -> PciFormat.procPci(bus.consoleVisible()), null);
        proc.publish("/proc/vmware/log", "kernel", log::text, null);
        proc.publish("/proc/vmware/filters/status", "kernel", filters::statusText, null);
        log.log("kernel", "started: module directory " + modules + ", " + bus.devices().size() + " PCI devices");

        registrations.add(context.registerService(ProcTree.class, proc, null));
        registrations.add(context.registerService(DeviceService.class, devices, null));
        registrations.add(context.registerService(ModuleCatalog.class, catalog, null));
        registrations.add(context.registerService(KernelService.class, kernel, null));

        List<String> problems = new ArrayList<>(catalog.boot(modules));
        problems.addAll(kernel.boot(home.resolve("etc/loadmods")));
        for (String p : problems) {
            System.err.println("kminit: " + p);
        }
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static List<org.dlkm.kernel.runtime.internal.pci.PciSlot> hardware(String file) throws KernelException {
        if (file == null || file.isBlank()) {
            return HardwareDescription.defaultMachine();
        }
        Path path = Path.of(file);
        try {
            return HardwareDescription.parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KernelException(org.dlkm.kernel.Errno.ENOENT, "hardware description " + path
                    + ": cannot read it: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop(BundleContext context) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            registrations.get(i).unregister();
        }
        registrations.clear();
        if (kernel != null) {
            kernel.shutdown();
            kernel = null;
        }
        if (timers != null) {
            timers.shutdownNow();
            timers = null;
        }
    }
}
