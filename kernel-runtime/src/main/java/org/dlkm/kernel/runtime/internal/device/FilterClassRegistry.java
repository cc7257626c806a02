package org.dlkm.kernel.runtime.internal.device;

import java.util.Map;
import java.util.TreeMap;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.net.TransmitFilterClass;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.spi.Registration;

/**
 * The transmit filter classes modules have registered ({@code nfshaper}), listed at
 * {@code /proc/vmware/filters/status}.
 *
 * <p>Threading: every method may be called from any thread; the registry is guarded by its own monitor.
 */
public final class FilterClassRegistry {
    /**
     * A registered class and the module that registered it.
     *
     * @param owner the module
     * @param filterClass the class, module code
     */
    public record Entry(LoadedModule owner, TransmitFilterClass filterClass) {
    }

    private final Map<String, Entry> classes = new TreeMap<>();
    private final KernelLog log;

    public FilterClassRegistry(KernelLog log) {
        this.log = log;
    }

    public Registration register(LoadedModule owner, TransmitFilterClass filterClass) throws KernelException {
        String name = filterClass.name();
        if (name == null || !name.matches("[A-Za-z0-9_]+")) {
            throw new KernelException(Errno.EINVAL, owner.name() + ": filter class name '" + name
                    + "' must be letters, digits and underscores");
        }
        synchronized (this) {
            Entry existing = classes.get(name);
            if (existing != null) {
                throw new KernelException(Errno.EEXIST, owner.name() + ": filter class " + name
                        + " is already registered by " + existing.owner().name());
            }
            classes.put(name, new Entry(owner, filterClass));
        }
        log.log(owner.name(), "registered transmit filter class " + name);
        return new Registration() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void unregister() {
                synchronized (FilterClassRegistry.this) {
                    Entry e = classes.get(name);
                    if (e == null || e.owner() != owner) {
                        return;
                    }
                    classes.remove(name);
                }
                log.log(owner.name(), "unregistered transmit filter class " + name);
            }
        };
    }

    /** @return the class of that name and its module, if registered */
    public synchronized java.util.Optional<Entry> lookup(String name) {
        return java.util.Optional.ofNullable(classes.get(name));
    }

    /** @return the registered class names, sorted */
    public synchronized java.util.List<String> names() {
        return java.util.List.copyOf(classes.keySet());
    }

    public synchronized String statusText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %-10s %s", "Class", "Module", "Usage")).append('\n');
        for (Map.Entry<String, Entry> e : classes.entrySet()) {
            sb.append(String.format("%-12s %-10s %s", e.getKey(), e.getValue().owner().name(),
                    e.getValue().filterClass().usage())).append('\n');
        }
        return sb.toString();
    }
}
