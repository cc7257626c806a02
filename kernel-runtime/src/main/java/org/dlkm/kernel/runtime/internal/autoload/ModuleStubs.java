package org.dlkm.kernel.runtime.internal.autoload;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl.Registered;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;

/**
 * The stubs of the modules whose master file's {@code $LOADABLE} holds {@code stub}: at boot, one
 * {@link ModuleStub} for each service such a registered, configured module declares, registered by the kernel under
 * the service's class with the lowest ranking and the property {@code dlkm.stub=<module>}, so that the module's own
 * service, once there, is what new lookups find. As on HP-UX, where stubs are linked into the kernel by a kernel
 * build, a stub module registered later gets its stubs at the next boot.
 *
 * <p>A stub is an object of a class generated for the interface ({@link StubClasses}), or a {@link Proxy} where
 * none can be generated, so the service's class must be an interface the kernel can load without the module: a class
 * of the Java platform or of a package another bundle exports. Any other is reported at boot and gets no stub.
 *
 * <p>Threading: {@link #boot} runs on the boot thread, {@link #close} at shutdown.
 */
public final class ModuleStubs {
    private final BundleContext kernel;
    private final ModuleCatalogImpl catalog;
    private final Autoload autoload;
    private final KernelLog log;
    private final ModuleTable table;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<ModuleStub> stubs = new ArrayList<>();

    public ModuleStubs(BundleContext kernel, ModuleCatalogImpl catalog, ModuleTable table, Autoload autoload,
            KernelLog log) {
        this.table = table;
        this.kernel = kernel;
        this.catalog = catalog;
        this.autoload = autoload;
        this.log = log;
    }

    /**
     * Registers the stubs of every registered stub module.
     *
     * @return the problems, one line each: a declared service whose interface cannot be loaded
     */
    public synchronized List<String> boot() {
        List<String> problems = new ArrayList<>();
        for (Registered r : catalog.registeredModules()) {
            if (!r.master().stub() || !r.system().configure()) {
                continue;
            }
            for (String service : r.image().providedServices()) {
                try {
                    register(r.name(), serviceInterface(service));
                } catch (ClassNotFoundException | IllegalArgumentException | InvalidSyntaxException e) {
                    problems.add(r.name() + ": no stub for its service " + service + ": " + e.getMessage());
                }
            }
        }
        problems.forEach(p -> log.log("autoload", p));
        return problems;
    }

    private void register(String module, Class<?> service) throws InvalidSyntaxException {
        ModuleStub stub = new ModuleStub(module, service, kernel, autoload::load,
                name -> table.byName(name).map(m -> m.bundle));
        Optional<StubClasses.Stub> generated = StubClasses.stub(service, stub, stub.description());
        generated.ifPresent(g -> stub.holdTargetIn(g.target()));
        Object proxy = generated.<Object>map(StubClasses.Stub::object).orElseGet(() -> Proxy.newProxyInstance(
                service.getClassLoader() == null ? ModuleStubs.class.getClassLoader() : service.getClassLoader(),
                new Class<?>[] {service}, stub));
        kernel.addServiceListener(stub, stub.realServices());
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ModuleStub.STUB_PROPERTY, module);
        properties.put(Constants.SERVICE_RANKING, Integer.MIN_VALUE);
        properties.put(Constants.SERVICE_DESCRIPTION, "stub of module " + module + ": its first call loads it");
        registrations.add(kernel.registerService(service.getName(), proxy, properties));
        stubs.add(stub);
        log.log("autoload", "stub for " + module + ": " + service.getName());
    }

    /** @return the interface of that name, from the platform or from a bundle exporting its package */
    private Class<?> serviceInterface(String name) throws ClassNotFoundException {
        Class<?> c = load(name);
        if (!c.isInterface()) {
            throw new IllegalArgumentException(name + " is a class, and a stub can only stand for an interface");
        }
        return c;
    }

    private Class<?> load(String name) throws ClassNotFoundException {
        try {
            return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException notPlatform) {
            int dot = name.lastIndexOf('.');
            String pkg = dot < 0 ? "" : name.substring(0, dot);
            for (Bundle b : kernel.getBundles()) {
                BundleWiring w = b.adapt(BundleWiring.class);
                if (w == null) {
                    continue;
                }
                for (BundleCapability c : w.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                    if (pkg.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                        return b.loadClass(name);
                    }
                }
            }
            throw new ClassNotFoundException("no bundle exports its package " + pkg + ", and it is not a class of"
                    + " the Java platform");
        }
    }

    /** Withdraws every stub: the kernel is stopping. */
    public synchronized void close() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // withdrawn with the kernel's bundle
            }
        }
        registrations.clear();
        for (ModuleStub s : stubs) {
            try {
                kernel.removeServiceListener(s);
            } catch (IllegalStateException gone) {
                // the kernel's bundle has stopped
            }
        }
        stubs.clear();
    }
}
