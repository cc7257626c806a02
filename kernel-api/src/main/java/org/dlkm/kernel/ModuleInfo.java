package org.dlkm.kernel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one loaded module, as the module table held it when the snapshot was taken. Immutable.
 *
 * @param id the kernel's module ID, unique for the life of the kernel
 * @param name the module name (from its master file)
 * @param tag the tag the module was loaded with
 * @param path the module binary that was loaded
 * @param type the module type of its master file ({@code wsio_class}, {@code misc}, ...)
 * @param description the module's descriptive name
 * @param version the module's bundle version
 * @param state the state
 * @param bundleId the OSGi bundle that carries the module
 * @param exportSymbols whether it was loaded with {@code -e}
 * @param exportedPackages the packages (symbols) the module exports, visible to others only with {@code -e}
 * @param parameters the effective parameter values, every declared parameter included
 * @param devices the names of the devices it registered, in creation order
 * @param dependsOn the loaded modules it depends on (wiring of any kind and declared dependencies)
 * @param dependents the loaded modules that depend on it
 * @param holders who holds its devices open, one entry per open handle ({@code vmnic0 by vm1})
 * @param size the size of the module binary in bytes
 * @param loadedAt when its load completed
 * @param typeLabel the type as {@code kmadmin} prints it ({@code WSIO}, {@code STREAMS}, {@code Misc})
 * @param staticallyConfigured whether it was loaded at boot as a statically configured module, which never unloads
 * @param blockMajor its block major number, or -1 if it has none
 * @param charMajor its character major number, or -1 if it has none
 * @param threads the live threads that run the module's code or have its class loader as their context class
 *        loader, by name: the threads it started through its context or by itself, and a kernel thread running
 *        its code at the time (a timer task)
 * @param serviceUsers the services it registered that other bundles use, one entry per service and user
 *        ({@code org.acme.Greeter by module greeter-client}): each holds the module as an open handle does
 * @param loadedBy how it came to be loaded: {@code load request}, {@code demand load} (with {@code , needed by X} for
 *        a dependency), {@code boot: loadmods}, {@code static configuration}, {@code module X, from its load}, or
 *        {@code autoload: } with the trigger and the requester
 */
public record ModuleInfo(
        int id,
        String name,
        String tag,
        String path,
        String type,
        String description,
        String version,
        ModuleState state,
        long bundleId,
        boolean exportSymbols,
        List<String> exportedPackages,
        Map<String, String> parameters,
        List<String> devices,
        List<String> dependsOn,
        List<String> dependents,
        List<String> holders,
        long size,
        Instant loadedAt,
        String typeLabel,
        boolean staticallyConfigured,
        int blockMajor,
        int charMajor,
        List<String> threads,
        List<String> serviceUsers,
        String loadedBy) {

    /** Copies the collections so that the record stays immutable. */
    public ModuleInfo {
        exportedPackages = List.copyOf(exportedPackages);
        parameters = Map.copyOf(parameters);
        devices = List.copyOf(devices);
        dependsOn = List.copyOf(dependsOn);
        dependents = List.copyOf(dependents);
        holders = List.copyOf(holders);
        threads = List.copyOf(threads);
        serviceUsers = List.copyOf(serviceUsers);
    }

    /** A snapshot without service users or origin, as built before those were components. */
    public ModuleInfo(int id, String name, String tag, String path, String type, String description, String version,
            ModuleState state, long bundleId, boolean exportSymbols, List<String> exportedPackages,
            Map<String, String> parameters, List<String> devices, List<String> dependsOn, List<String> dependents,
            List<String> holders, long size, Instant loadedAt, String typeLabel, boolean staticallyConfigured,
            int blockMajor, int charMajor, List<String> threads) {
        this(id, name, tag, path, type, description, version, state, bundleId, exportSymbols, exportedPackages,
                parameters, devices, dependsOn, dependents, holders, size, loadedAt, typeLabel, staticallyConfigured,
                blockMajor, charMajor, threads, List.of(), "load request");
    }

    /** A snapshot without threads, as built before {@link #threads} was a component. */
    public ModuleInfo(int id, String name, String tag, String path, String type, String description, String version,
            ModuleState state, long bundleId, boolean exportSymbols, List<String> exportedPackages,
            Map<String, String> parameters, List<String> devices, List<String> dependsOn, List<String> dependents,
            List<String> holders, long size, Instant loadedAt, String typeLabel, boolean staticallyConfigured,
            int blockMajor, int charMajor) {
        this(id, name, tag, path, type, description, version, state, bundleId, exportSymbols, exportedPackages,
                parameters, devices, dependsOn, dependents, holders, size, loadedAt, typeLabel, staticallyConfigured,
                blockMajor, charMajor, List.of(), List.of(), "load request");
    }

    /** @return the dependent count: loaded modules that depend on this one */
    public int dependentCount() {
        return dependents.size();
    }

    /** @return the hold count: open handles on its devices, and its services in use by other bundles */
    public int holdCount() {
        return holders.size() + serviceUsers.size();
    }

    /** @return whether an unload would be refused as busy */
    public boolean busy() {
        return !dependents.isEmpty() || holdCount() > 0;
    }
}
