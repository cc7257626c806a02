package org.dlkm.kernel.runtime.internal.autoload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook;

/**
 * Sees service demand in the framework's registry: a service listener added with an {@code objectClass} filter (what
 * a {@code ServiceTracker} opening, a declarative services reference and any listener on a class do), and a lookup
 * ({@code getServiceReference(s)}) that found nothing. When the object class asked for is one that a registered
 * module declares it provides, the demand goes to the {@link AutoloadQueue}; the hook itself does nothing else, never
 * waits, and never runs module code. Lookups by the kernel's own bundle are not demands.
 *
 * <p>Threading: the framework calls the hooks on the consumers' threads, any number at once; the hook reads only
 * snapshots (the catalog's index of declared services, the lock-free module table).
 */
public final class ServiceDemand implements ListenerHook, FindHook {
    /** An {@code (objectClass=name)} term of a filter; the attribute's name is case-insensitive in filters. */
    private static final Pattern OBJECT_CLASS = Pattern.compile("\\(\\s*objectClass\\s*=\\s*([^()*\\s]+)\\s*\\)",
            Pattern.CASE_INSENSITIVE);

    private final long kernelBundle;
    private final Supplier<Map<String, List<String>>> providers;
    private final ModuleTable table;
    private final BooleanSupplier onModuleThread;
    private final AutoloadQueue queue;
    /**
     * The live listeners that ask for object classes, with what they ask for: a module registered later that
     * declares one of them is loaded for them, as if they had asked after it was registered.
     */
    private final Map<ListenerInfo, List<String>> live = new ConcurrentHashMap<>();

    /**
     * @param kernelBundle the kernel runtime's bundle ID: its own lookups are not demands
     * @param providers the registered modules declaring each service (the catalog's snapshot)
     * @param onModuleThread whether the current thread runs module code for the kernel
     */
    public ServiceDemand(long kernelBundle, Supplier<Map<String, List<String>>> providers, ModuleTable table,
            BooleanSupplier onModuleThread, AutoloadQueue queue) {
        this.kernelBundle = kernelBundle;
        this.providers = providers;
        this.table = table;
        this.onModuleThread = onModuleThread;
        this.queue = queue;
        queue.setListening(this::listening);
    }

    @Override
    public void added(Collection<ListenerInfo> listeners) {
        for (ListenerInfo l : listeners) {
            List<String> classes = objectClasses(l.getFilter());
            if (!l.isRemoved() && !classes.isEmpty()) {
                live.put(l, classes);
                consider(l.getBundleContext(), classes);
            }
        }
    }

    /** A consumer that goes away leaves a demand under way to finish: the module stays loaded, as after any demand. */
    @Override
    public void removed(Collection<ListenerInfo> listeners) {
        listeners.forEach(live::remove);
    }

    /**
     * Registered modules now declare services that none declared before ({@code kminstall -a}, the catalog read at
     * boot): the live listeners asking for one of them are demands for it now. Called under the catalog's lock;
     * only queues.
     */
    public void declared(Set<String> services) {
        for (Map.Entry<ListenerInfo, List<String>> l : live.entrySet()) {
            List<String> wanted = l.getValue().stream().filter(services::contains).toList();
            if (!wanted.isEmpty() && !l.getKey().isRemoved()) {
                consider(l.getKey().getBundleContext(), wanted, false, false);
            }
        }
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        if (references.isEmpty()) {
            Map<String, List<String>> declared = providers.get();
            List<String> classes = name != null ? List.of(name) : objectClasses(filter);
            // every lookup that finds nothing comes here: only a declared class is worth the scan of the listeners;
            // a tracker looks up what its listener asks for, and the listener's demand covers it (and ends with it)
            consider(context, classes.stream().filter(c -> declared.containsKey(c) && !listening(context, c))
                    .toList(), onModuleThread.getAsBoolean(), true);
        }
    }

    /** @return whether a live listener asks for the class: a listener's demand lasts while it does */
    boolean listening(String service) {
        return live.entrySet().stream().anyMatch(l -> !l.getKey().isRemoved() && l.getValue().contains(service));
    }

    private boolean listening(BundleContext context, String service) {
        return live.entrySet().stream().anyMatch(l -> !l.getKey().isRemoved()
                && l.getKey().getBundleContext() == context && l.getValue().contains(service));
    }

    private void consider(BundleContext context, List<String> classes) {
        consider(context, classes, onModuleThread.getAsBoolean(), false);
    }

    /**
     * @param fromModuleCode whether the asking thread is a module thread running module code
     * @param lookup whether a one-off lookup asked, rather than a listener
     */
    private void consider(BundleContext context, List<String> classes, boolean fromModuleCode, boolean lookup) {
        if (context == null || classes.isEmpty()) {
            return;
        }
        Map<String, List<String>> declared = providers.get();
        Bundle consumer;
        try {
            consumer = context.getBundle();
        } catch (IllegalStateException gone) {
            return;
        }
        if (consumer == null || consumer.getBundleId() == kernelBundle) {
            return;
        }
        for (String service : classes) {
            if (declared.containsKey(service)) {
                queue.demand(service, requester(consumer), fromModuleCode ? Thread.currentThread() : null, lookup);
            }
        }
    }

    private String requester(Bundle consumer) {
        return table.byBundle(consumer).map(m -> "module " + m.name())
                .orElse("bundle " + consumer.getSymbolicName() + " [" + consumer.getBundleId() + "]");
    }

    /** @return the object classes a filter asks for by equality; empty for none or a null filter */
    static List<String> objectClasses(String filter) {
        List<String> classes = new ArrayList<>();
        if (filter != null) {
            Matcher m = OBJECT_CLASS.matcher(filter);
            while (m.find()) {
                classes.add(m.group(1));
            }
        }
        return classes;
    }
}
