package org.dlkm.kernel.runtime.internal.autoload;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * The service demands the hooks saw, served off the framework's threads: for each service asked for that no
 * registered service satisfies, the registered module declaring it is autoloaded, once, however many consumers ask
 * at the same moment; the consumers' trackers then see the service arrive.
 *
 * <p>Two lanes. An ordinary demand waits its turn on the kernel's autoload thread ({@code dlkm-autoload}), one at a
 * time; a demand already queued for the same service is not queued again. A demand from module code (a module's
 * {@code load} waits for the service) cannot wait its turn, since the request running that code holds the
 * transition lock until the code returns: it gets a thread of its own, which takes the lock's loan from the waiting
 * module thread ({@link Autoload#load(Autoload.Demand, Thread)}).
 *
 * <p>Threading: {@link #demand} is called from framework hooks on any thread and never blocks.
 */
public final class AutoloadQueue {
    private final Autoload autoload;
    private final ModuleTable table;
    private final Supplier<Map<String, List<String>>> providers;
    private final BundleContext kernelContext;
    private final ExecutorService ordinary = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dlkm-autoload");
        t.setDaemon(true);
        return t;
    });
    /** Services with an ordinary demand queued and not yet started. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    /**
     * @param providers the registered modules declaring each service, by object class (the catalog's snapshot)
     * @param kernelContext the kernel's own bundle context, through which it looks for registered services
     */
    public AutoloadQueue(Autoload autoload, ModuleTable table, Supplier<Map<String, List<String>>> providers,
            BundleContext kernelContext) {
        this.autoload = autoload;
        this.table = table;
        this.providers = providers;
        this.kernelContext = kernelContext;
    }

    /**
     * A consumer asked for a service that a registered module declares.
     *
     * @param service the object class
     * @param requester who asked, as the log names it
     * @param waiting the module thread whose code asked, or null if the consumer is not module code
     */
    void demand(String service, String requester, Thread waiting) {
        if (waiting != null) {
            Thread t = new Thread(() -> serve(service, requester, waiting), "dlkm-autoload-for-"
                    + waiting.getName());
            t.setDaemon(true);
            t.start();
            return;
        }
        if (queued.add(service)) {
            try {
                ordinary.execute(() -> {
                    queued.remove(service);
                    serve(service, requester, null);
                });
            } catch (RejectedExecutionException stopping) {
                queued.remove(service);
            }
        }
    }

    private void serve(String service, String requester, Thread waiting) {
        if (registered(service)) {
            return;
        }
        List<String> modules = providers.get().getOrDefault(service, List.of());
        if (modules.isEmpty()) {
            return;
        }
        if (waiting == null && modules.stream().anyMatch(m -> table.byName(m).isPresent())) {
            return; // loading or loaded: its service comes, or it chose not to register it
        }
        String module = modules.stream().filter(m -> table.byName(m).isEmpty()).findFirst().orElse(modules.get(0));
        try {
            autoload.load(new Autoload.Demand(module, "service " + service, requester), waiting);
        } catch (KernelException e) {
            // logged by the autoload with its trigger and requester; the consumer's tracker sees no service
        }
    }

    private boolean registered(String service) {
        try {
            return kernelContext.getServiceReferences(service, null) != null;
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return false;
        }
    }

    /** Stops serving demands: the kernel is stopping. */
    public void close() {
        ordinary.shutdownNow();
    }
}
