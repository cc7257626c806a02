package org.dlkm.kernel.runtime.internal.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.catalog.ModuleDirectory;
import org.osgi.framework.Bundle;

/**
 * The module table: one row per module being loaded or loaded, by ID, with indexes by name, by bundle and by the
 * packages of the modules that export their symbols; the next module ID; and the change events other rooms
 * listen to.
 *
 * <p>Threading: rows are entered, changed and removed only with the {@link TransitionLock} held; reads take no
 * lock (the maps are concurrent) and see each row entered or removed whole. Listeners are called on the thread
 * that made the change, with the lock held: they must be quick and must not call back into a transition.
 */
public final class ModuleTable {

    /** What happened to a row. */
    public enum Change {
        /** Entered: its load began (state LOADING). */
        ENTERED,
        /** Its state changed (to LOADED, UNLOADING, or back to LOADED after a refused unload). */
        STATE,
        /** Removed: unloaded, or its load failed. */
        LEFT
    }

    /** Told of every change of the table. */
    @FunctionalInterface
    public interface Listener {
        void changed(Change change, LoadedModule module);
    }

    private final TransitionLock lock;
    private final Map<Integer, LoadedModule> rows = new ConcurrentSkipListMap<>();
    private final Map<String, LoadedModule> byName = new ConcurrentHashMap<>();
    private final Map<Long, LoadedModule> byBundle = new ConcurrentHashMap<>();
    private final Map<String, LoadedModule> symbolExporters = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** The ID of the next module to load; a failed load uses none. Guarded by the lock. */
    private int nextId = 1;

    public ModuleTable(TransitionLock lock) {
        this.lock = lock;
    }

    public TransitionLock lock() {
        return lock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** @return the ID the next load will have if it succeeds */
    public int nextId() {
        return nextId;
    }

    /**
     * Enters a module whose load begins, so that queries, busy rules and nested calls see it; its bundle is not
     * known yet. The caller holds the lock.
     */
    public void enter(LoadedModule module) {
        requireLock();
        if (module.id != nextId) {
            throw new IllegalStateException(module + " entered out of order: the next ID is " + nextId);
        }
        nextId++;
        rows.put(module.id, module);
        byName.put(module.name(), module);
        fire(Change.ENTERED, module);
    }

    /** Indexes the bundle of a module being loaded, once installed. The caller holds the lock. */
    public void bundleInstalled(LoadedModule module, Bundle bundle) {
        requireLock();
        module.bundle = bundle;
        byBundle.put(bundle.getBundleId(), module);
    }

    /** Changes a row's state; entering LOADED also indexes its exported symbols. The caller holds the lock. */
    public void setState(LoadedModule module, ModuleState state) {
        requireLock();
        module.state = state;
        if (state == ModuleState.LOADED && module.exportSymbols) {
            for (String pkg : module.jar.exportedPackages()) {
                symbolExporters.putIfAbsent(pkg, module);
            }
        }
        fire(Change.STATE, module);
    }

    /**
     * Removes a row and its index entries. If it was the last row entered and never loaded, its ID is given back,
     * so that a failed load uses none. The caller holds the lock.
     */
    public void leave(LoadedModule module) {
        requireLock();
        if (rows.remove(module.id, module)) {
            if (module.id == nextId - 1 && module.loadedAt == null) {
                nextId--;
            }
        }
        byName.remove(module.name(), module);
        Bundle bundle = module.bundle;
        if (bundle != null) {
            byBundle.remove(bundle.getBundleId(), module);
        }
        for (String pkg : module.jar.exportedPackages()) {
            symbolExporters.remove(pkg, module);
        }
        fire(Change.LEFT, module);
    }

    /** @return every row, by ID, including modules being loaded or unloaded */
    public List<LoadedModule> rows() {
        return new ArrayList<>(rows.values());
    }

    public Optional<LoadedModule> byId(int id) {
        return Optional.ofNullable(rows.get(id));
    }

    public Optional<LoadedModule> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<LoadedModule> byBundle(Bundle bundle) {
        return Optional.ofNullable(byBundle.get(bundle.getBundleId()));
    }

    /** @return the loaded module that exports that package with its symbols */
    public Optional<LoadedModule> symbolExporter(String pkg) {
        return Optional.ofNullable(symbolExporters.get(pkg));
    }

    /**
     * @param binary a module name, a name as the manual writes it ({@code e100.o}), or the path of a module jar
     * @return the row of the module it names
     */
    public Optional<LoadedModule> byBinary(String binary) {
        if (binary == null) {
            return Optional.empty();
        }
        Optional<String> name = ModuleDirectory.moduleName(binary);
        if (name.isPresent()) {
            return byName(name.get());
        }
        Path jar = Path.of(binary.trim()).toAbsolutePath().normalize();
        for (LoadedModule m : rows.values()) {
            if (m.jar.path().equals(jar)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** @return the names of the rows, by ID, for messages; {@code none} if empty */
    public String names() {
        List<String> names = new ArrayList<>();
        for (LoadedModule m : rows.values()) {
            names.add(m.name());
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private void requireLock() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the module table changes only under the transition lock");
        }
    }

    private void fire(Change change, LoadedModule module) {
        for (Listener l : listeners) {
            l.changed(change, module);
        }
    }
}
