package org.dlkm.kernel;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's module table: load, unload, list and query modules.
 *
 * <p>Threading: every method may be called from any thread. Loads and unloads are serialised by the kernel: one
 * transition of the module table runs at a time, and each is all-or-nothing. Queries return snapshots and never
 * wait for a transition to finish.
 */
@ProviderType
public interface KernelService {

    /**
     * Service property of the kernel service: {@value #STATE_BOOTING} while the kernel loads its boot modules,
     * {@value #STATE_RUNNING} once it has. The service is there from the start, so that module code running at
     * boot can call it; a client that wants the booted kernel filters on {@code (dlkm.kernel.state=running)}.
     */
    String STATE_PROPERTY = "dlkm.kernel.state";

    /** The value of {@link #STATE_PROPERTY} while the boot modules load. */
    String STATE_BOOTING = "booting";

    /** The value of {@link #STATE_PROPERTY} once the kernel has booted. */
    String STATE_RUNNING = "running";

    /**
     * Loads a module: installs its jar as a bundle, resolves it against the exported symbols, starts it, and calls
     * its {@code load}. On any failure everything the load did is undone before the exception is thrown.
     *
     * @param request what to load
     * @return the loaded module and the steps taken
     * @throws KernelException {@code ENOENT} for an unknown binary, {@code EEXIST} for a module already loaded or a
     *         symbol conflict, {@code EINVAL} for a bad parameter or device address, {@code ENODEV} for a device
     *         that does not exist, {@code ENOEXEC} for unresolved symbols, or the code of the module's own failure
     */
    LoadResult load(LoadRequest request) throws KernelException;

    /**
     * Unloads a module: refuses while it is busy, asks the module, then withdraws everything it registered and
     * uninstalls and refreshes its bundle so that its class loader can be collected. Threads still running the
     * module's code at that point (threads it started itself and did not stop, a timer task that did not return) are
     * interrupted and named in the result and the kernel log.
     *
     * @param name the module name, or a binary naming it ({@code e100.o})
     * @return the module unloaded, and the threads the kernel had to interrupt
     * @throws KernelException {@code ENOENT} if no such module is loaded, {@code EBUSY} naming the dependents or
     *         holders, or the code with which the module vetoed its unload
     */
    UnloadResult unload(String name) throws KernelException;

    /**
     * Unloads the module with that ID, as {@link #unload(String)} does ({@code kmadmin -u}).
     *
     * @throws KernelException {@code ENOENT} if no module has that ID, else as {@link #unload(String)}
     */
    UnloadResult unload(int id) throws KernelException;

    /**
     * Plans a demand load of a registered module without changing anything ({@code kmadmin -L -n}): the closure of
     * its {@code $DRIVER_DEPENDENCY} and of the modules that export the packages it imports, dependencies first.
     *
     * @throws KernelException {@code ENOENT} for a module missing from the catalog (naming who needs it),
     *         {@code EDEADLK} for a dependency cycle (naming it), {@code EEXIST} if the module is loaded,
     *         {@code ENOEXEC} for a module that cannot be loaded dynamically
     */
    LoadPlanInfo plan(String name) throws KernelException;

    /**
     * Demand-loads a registered module and, first, every module it depends on that is not loaded
     * ({@code kmadmin -L}). Modules loaded this way export their symbols, as HP-UX links every module into the
     * kernel's symbol table. The request is one transaction: if any load fails, every module it loaded is unloaded
     * again, newest first, and the error names the step.
     *
     * @return the modules loaded, in load order; the last is the one asked for
     * @throws KernelException as {@link #plan}, or the error of the step that failed
     */
    List<ModuleInfo> demandLoad(String name) throws KernelException;

    /** @return every loaded module, by ID */
    List<ModuleInfo> list();

    /**
     * @param name a module name, or a binary naming it
     * @return the loaded module of that name
     */
    Optional<ModuleInfo> query(String name);

    /**
     * @param id a module ID
     * @return the loaded module with that ID
     */
    Optional<ModuleInfo> query(int id);

    /**
     * @param binary a module binary, as for {@link LoadRequest#binary()}
     * @return the parameters the module declares, read without loading it
     * @throws KernelException {@code ENOENT} for an unknown binary, {@code ENOEXEC} for a jar that is not a module
     */
    List<ParameterInfo> parameters(String binary) throws KernelException;

    /** @return the names of the modules in the module directory, sorted */
    List<String> availableModules();
}
