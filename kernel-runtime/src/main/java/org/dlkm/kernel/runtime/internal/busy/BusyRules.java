package org.dlkm.kernel.runtime.internal.busy;

import java.util.List;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;

/**
 * Whether a module may unload: asks each hold source in turn (static configuration, dependents, open handles,
 * services in use, attached
 * transmit filters) and
 * refuses with the first that holds it, naming its holders. The module's own veto comes after, from its
 * {@code unload}.
 *
 * <p>Threading: {@link #beginUnload} is called with the transition lock held.
 */
public final class BusyRules {
    private final ModuleTable table;
    private final List<HoldSource> sources;
    private final OpenHandles handles;

    public BusyRules(ModuleTable table, StaticConfiguration statik, Dependents dependents, OpenHandles handles,
            ServicesInUse services, HoldSource filters) {
        this.table = table;
        this.sources = List.of(statik, dependents, handles, services, filters);
        this.handles = handles;
    }

    /**
     * Checks every hold source and marks the module UNLOADING, so that no new handle can be opened.
     *
     * @throws KernelException {@code EPERM} for a static module, {@code EBUSY} naming the holders
     */
    public void beginUnload(LoadedModule module) throws KernelException {
        for (HoldSource source : sources) {
            List<String> holders = source.holders(module);
            if (!holders.isEmpty()) {
                throw source.refusal(module, holders);
            }
        }
        List<String> raced = handles.beginUnload(module);
        if (!raced.isEmpty()) {
            throw handles.refusal(module, raced);
        }
        table.setState(module, ModuleState.UNLOADING);
    }
}
