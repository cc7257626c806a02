package org.dlkm.kernel.runtime.internal.table;

import java.util.List;
import java.util.function.Function;

import org.dlkm.kernel.ModuleInfo;
import org.osgi.framework.Bundle;

/**
 * Builds the {@link ModuleInfo} of a row, as {@code vmkload_mod -l} and {@code kmadmin -Q} show it.
 *
 * <p>Threading: any thread, without the lock: it reads a snapshot of the row and asks the other rooms for the
 * rest.
 */
public final class ModuleInfos {
    private final Function<LoadedModule, List<String>> devices;
    private final Function<LoadedModule, List<String>> holders;
    private final Function<LoadedModule, List<String>> dependsOn;
    private final Function<LoadedModule, List<String>> dependents;
    private final Function<LoadedModule, List<String>> threads;
    private final Function<LoadedModule, List<String>> serviceUsers;

    /**
     * @param devices the names of a module's devices
     * @param holders the open handles on them
     * @param dependsOn the loaded modules it depends on
     * @param dependents the loaded modules that depend on it
     * @param threads the names of its live threads
     * @param serviceUsers its services in use by other bundles, one entry per service and user
     */
    public ModuleInfos(Function<LoadedModule, List<String>> devices, Function<LoadedModule, List<String>> holders,
            Function<LoadedModule, List<String>> dependsOn, Function<LoadedModule, List<String>> dependents,
            Function<LoadedModule, List<String>> threads, Function<LoadedModule, List<String>> serviceUsers) {
        this.serviceUsers = serviceUsers;
        this.devices = devices;
        this.holders = holders;
        this.dependsOn = dependsOn;
        this.dependents = dependents;
        this.threads = threads;
    }

    public ModuleInfo info(LoadedModule m) {
        Bundle b = m.bundle;
        boolean live = b != null && b.getState() != Bundle.UNINSTALLED;
        return new ModuleInfo(m.id, m.name(), m.tag, m.jar.path().toString(), m.jar.master().type().fileName(),
                m.jar.description(), m.jar.version(), m.state, b == null ? -1 : b.getBundleId(), m.exportSymbols,
                m.jar.exportedPackages(), m.parameters, devices.apply(m), live ? dependsOn.apply(m) : List.of(),
                live ? dependents.apply(m) : List.of(), holders.apply(m), m.jar.size(), m.loadedAt,
                m.jar.master().type().label(), m.statik, m.blockMajor(), m.charMajor(),
                live ? threads.apply(m) : List.of(), live ? serviceUsers.apply(m) : List.of(), m.loadedBy);
    }
}
