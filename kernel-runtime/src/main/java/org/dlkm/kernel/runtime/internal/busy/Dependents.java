package org.dlkm.kernel.runtime.internal.busy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * A module's dependents hold it: the loaded modules that name it in {@code $DRIVER_DEPENDENCY} or are wired to it
 * in any namespace (an imported package, a {@code Require-Bundle}, a generic capability).
 *
 * <p>Threading: any thread; reads the table and the framework's wiring, both safe to read concurrently.
 */
public final class Dependents implements HoldSource {
    /**
     * Wires of every namespace: an import, a {@code Require-Bundle}, a generic capability of a module loaded with
     * {@code -e}, a required identity. Any of them ties the requirer to the module, whose unload would refresh it.
     */
    private static final String EVERY_NAMESPACE = null;

    private final ModuleTable table;

    public Dependents(ModuleTable table) {
        this.table = table;
    }

    @Override
    public List<String> holders(LoadedModule module) {
        Set<String> names = new TreeSet<>();
        for (LoadedModule m : table.rows()) {
            if (m != module && m.jar.master().dependencies().contains(module.name())) {
                names.add(m.name());
            }
        }
        Bundle bundle = module.bundle;
        BundleWiring w = bundle == null ? null : bundle.adapt(BundleWiring.class);
        if (w != null) {
            for (BundleWire wire : w.getProvidedWires(EVERY_NAMESPACE)) {
                Bundle requirer = wire.getRequirer().getBundle();
                if (!requirer.equals(bundle)) {
                    table.byBundle(requirer).ifPresent(m -> names.add(m.name()));
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** @return the loaded modules this one depends on: by {@code $DRIVER_DEPENDENCY} or wiring */
    public List<String> dependsOn(LoadedModule module) {
        Set<String> names = new TreeSet<>();
        for (String d : module.jar.master().dependencies()) {
            if (table.byName(d).isPresent()) {
                names.add(d);
            }
        }
        Bundle bundle = module.bundle;
        BundleWiring w = bundle == null ? null : bundle.adapt(BundleWiring.class);
        if (w != null) {
            for (BundleWire wire : w.getRequiredWires(EVERY_NAMESPACE)) {
                Bundle provider = wire.getProvider().getBundle();
                if (!provider.equals(bundle)) {
                    table.byBundle(provider).ifPresent(m -> names.add(m.name()));
                }
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public KernelException refusal(LoadedModule module, List<String> holders) {
        boolean one = holders.size() == 1;
        return new KernelException(Errno.EBUSY, module.name() + ": module is busy: " + String.join(", ", holders)
                + (one ? " depends" : " depend") + " on it; unload " + (one ? "it" : "them") + " first");
    }
}
