package org.dlkm.kernel.runtime.internal.autoload;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * One stub: the place holder, registered at boot, for a service that a module with stubs ({@code $LOADABLE stub})
 * declares, as HP-UX's {@code modstub.o} holds the entry points of a module not loaded. The first call through it
 * autoloads the module and forwards the call to the module's own service; later calls go straight to that service,
 * which the stub keeps until the service goes (the module unloads), when the stub is back to loading it. A load that
 * fails makes the call throw an {@link IllegalStateException} naming the module and the reason, with the kernel's
 * error as its cause.
 *
 * <p>The stub object is a class generated for the interface ({@link StubClasses}), which holds the target in a
 * field of its own that this stub sets when it gets the module's service and clears when the service goes, and asks
 * {@link #apply} for it while the field is null; or, for an interface the kernel's class loader does not see, a
 * proxy with this as its handler, which asks {@link #apply} at every call.
 *
 * <p>Threading: calls may come from any thread; the first ones wait for the one load, on the callers' threads. The
 * target and the stub's field are written only under this object's lock, the field first when the service goes, so
 * that a call made after {@link #serviceChanged} has let the service go finds both null and loads the module again.
 */
final class ModuleStub implements InvocationHandler, Function<String, Object>, ServiceListener {
    /** The service property that marks a stub, with the module's name as its value. */
    static final String STUB_PROPERTY = "dlkm.stub";

    private final String module;
    private final Class<?> service;
    private final BundleContext kernel;
    private final Loader autoload;
    private final Function<String, Optional<Bundle>> bundles;
    /** The module's own service while it is there; null before the first call and after the module goes. */
    private volatile Object target;
    private ServiceReference<?> targetReference;
    /** Sets the generated stub's own target field, to {@link #target}; does nothing for a proxy. */
    private Consumer<Object> stubField = t -> {
    };

    /** What loads the module at a call through its stub: the kernel's {@link Autoload}. */
    interface Loader {
        void load(Autoload.Demand demand) throws KernelException;
    }

    /** @param bundles the bundle of a loaded module, by name */
    ModuleStub(String module, Class<?> service, BundleContext kernel, Loader autoload,
            Function<String, Optional<Bundle>> bundles) {
        this.bundles = bundles;
        this.module = module;
        this.service = service;
        this.kernel = kernel;
        this.autoload = autoload;
    }

    /** @return the filter matching the module's own services of this class, never a stub */
    String realServices() {
        return "(&(objectClass=" + service.getName() + ")(!(" + STUB_PROPERTY + "=*)))";
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        Object t = apply(method.getName());
        try {
            return method.invoke(t, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
        case "equals":
            return proxy == args[0];
        case "hashCode":
            return System.identityHashCode(proxy);
        default:
            return description();
        }
    }

    /**
     * The object a call goes to: the module's own service, the module loaded first if it is not.
     *
     * @param method the name of the method called, for the trace
     * @throws IllegalStateException if the module cannot be loaded or registers no such service
     */
    @Override
    public Object apply(String method) {
        Object t = target;
        return t != null ? t : resolve(method);
    }

    /**
     * Has the generated stub's own field follow the target from now on; called once, before the stub is
     * registered.
     *
     * @param field the setter of the stub object's target field
     */
    synchronized void holdTargetIn(Consumer<Object> field) {
        stubField = field;
        field.accept(target);
    }

    /** @return a description, what the stub's {@code toString} says */
    String description() {
        return "stub of " + service.getName() + " for module " + module;
    }

    private synchronized Object resolve(String method) {
        if (target != null) {
            return target;
        }
        String trigger = "stub call " + service.getName() + "." + method;
        try {
            autoload.load(new Autoload.Demand(module, trigger, "thread " + Thread.currentThread().getName()));
        } catch (KernelException e) {
            throw new IllegalStateException(module + ": the stub of " + service.getName() + " could not load it: "
                    + e.getMessage() + " (" + Errno.nameOf(e.number()) + ")", e);
        }
        ServiceReference<?> own = ownService();
        Object got = own == null ? null : kernel.getService(own);
        if (got == null) {
            throw new IllegalStateException(module + ": loaded, but it registered no " + service.getName()
                    + " service for its stub to call (" + trigger + ")");
        }
        targetReference = own;
        target = got;
        stubField.accept(got);
        return got;
    }

    /** @return the module's own service of the stub's class, the highest ranked if several; null if none */
    private ServiceReference<?> ownService() {
        Optional<Bundle> bundle = bundles.apply(module);
        ServiceReference<?>[] found;
        try {
            found = kernel.getServiceReferences(service.getName(), "(!(" + STUB_PROPERTY + "=*))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceReference<?> best = null;
        for (ServiceReference<?> r : found == null ? new ServiceReference<?>[0] : found) {
            if (bundle.isPresent() && bundle.get().equals(r.getBundle()) && (best == null || r.compareTo(best) > 0)) {
                best = r;
            }
        }
        return best;
    }

    /**
     * The module's service goes: the stub lets it go and loads the module again at its next call. Called while the
     * service is still registered, so both fields are null before the module's service and bundle go: a call that
     * starts after this returns never reaches the old target.
     */
    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.UNREGISTERING) {
            synchronized (this) {
                if (event.getServiceReference().equals(targetReference)) {
                    stubField.accept(null);
                    target = null;
                    kernel.ungetService(targetReference);
                    targetReference = null;
                }
            }
        }
    }
}
