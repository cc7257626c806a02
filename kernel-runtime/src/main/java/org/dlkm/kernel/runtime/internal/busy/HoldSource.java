package org.dlkm.kernel.runtime.internal.busy;

import java.util.List;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;

/**
 * One reason a module may be busy: its dependents, the open handles on its devices, its static configuration,
 * services in use, transmit filters attached (the filter room). Each names its holders, so that a refusal says who
 * to ask.
 *
 * <p>Threading: may be called from any thread; the answer is a snapshot.
 */
public interface HoldSource {

    /** @return who holds the module through this source, each as a refusal names it; empty if none */
    List<String> holders(LoadedModule module);

    /** @return the refusal of an unload while these holders hold the module */
    KernelException refusal(LoadedModule module, List<String> holders);
}
