package org.dlkm.kernel.runtime.internal.autoload;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * The service demands the hooks saw, served off the framework's threads: for each service asked for that no
 * registered service satisfies, the registered module declaring it is autoloaded, once, however many consumers ask
 * at the same moment; the consumers' trackers then see the service arrive.
 *
 * <p>Two lanes. An ordinary demand waits its turn on the kernel's autoload thread ({@code dlkm-autoload}), one at a
 * time; a demand already queued for the same service is not queued again, and a service listener's demand is
 * dropped if no live listener asks for the service when its turn comes (a one-off lookup's stays). A demand from
 * module code (a module's {@code load} waits for the service) cannot wait its turn, since the request running that
 * code holds the transition lock until the code returns: it gets a thread of its own, which takes the lock's loan
 * from the waiting module thread ({@link Autoload#load(Autoload.Demand, Thread)}).
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
    /**
     * Services with an ordinary demand queued and not yet started, each with whether a one-off lookup asked for it
     * (a lookup stays a demand; a listener's demand lasts only while the listener does).
     */
    private final Map<String, Boolean> queued = new ConcurrentHashMap<>();
    private final KernelLog log;
    /** Whether a live service listener asks for a class; set once the hooks exist. */
    private volatile Predicate<String> listening = service -> true;

    /**
     * @param providers the registered modules declaring each service, by object class (the catalog's snapshot)
     * @param kernelContext the kernel's own bundle context, through which it looks for registered services
     */
    public AutoloadQueue(Autoload autoload, ModuleTable table, Supplier<Map<String, List<String>>> providers,
            BundleContext kernelContext, KernelLog log) {
        this.log = log;
        this.autoload = autoload;
        this.table = table;
        this.providers = providers;
        this.kernelContext = kernelContext;
    }

    /** @param listening whether a live service listener asks for a class: a listener's demand ends with it */
    void setListening(Predicate<String> listening) {
        this.listening = listening;
    }

    /**
     * A consumer asked for a service that a registered module declares.
     *
     * @param service the object class
     * @param requester who asked, as the log names it
     * @param waiting the module thread whose code asked, or null if the consumer is not module code
     * @param lookup whether a one-off lookup asked (else a service listener, whose demand lasts while it does)
     */
    void demand(String service, String requester, Thread waiting, boolean lookup) {
        if (waiting != null) {
            Thread t = new Thread(() -> serve(service, requester, waiting), "dlkm-autoload-for-"
                    + waiting.getName());
            t.setDaemon(true);
            t.start();
            return;
        }
        if (queued.putIfAbsent(service, lookup) != null) {
            if (lookup) {
                queued.computeIfPresent(service, (s, asked) -> true);
            }
            return; // queued already, and not yet started
        }
        try {
            ordinary.execute(() -> {
                boolean asked = queued.remove(service);
                if (asked || listening.test(service)) {
                    serve(service, requester, null);
                }
            });
        } catch (RejectedExecutionException stopping) {
            queued.remove(service);
        }
    }

    /** Serves one demand; whatever goes wrong is logged, never lost with the thread. */
    private void serve(String service, String requester, Thread waiting) {
        try {
            serveOrThrow(service, requester, waiting);
        } catch (RuntimeException | Error e) {
            log.log("autoload", "the demand for " + service + " by " + requester + " failed: " + e);
        }
    }

    private void serveOrThrow(String service, String requester, Thread waiting) {
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
        } catch (InvalidSyntaxException | RuntimeException e) {
            // the registry may throw while a bundle is being uninstalled: take it as not registered
            return false;
        }
    }

    /** Stops serving demands: the kernel is stopping. */
    public void close() {
        ordinary.shutdownNow();
    }
}
