package org.dlkm.kernel.runtime.internal.master;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.dlkm.kernel.device.PciId;

/**
 * A module's master file, parsed: what the module is and what it needs, as the HP-UX master(4) file for a DLKM
 * module describes it. {@link MasterFileParser} makes one from text.
 *
 * <p>Immutable (every list is an unmodifiable copy) and safe to share between threads.
 *
 * @param name the module name, the first field of the {@code $TYPE} line
 * @param type the module type, the second field of the {@code $TYPE} line
 * @param typeFields the type-specific fields that follow the type on the {@code $TYPE} line, possibly none
 * @param loadable whether a {@code $LOADABLE} section is present: the module can be loaded dynamically; without
 *        one it can only be configured statically into the kernel
 * @param stub whether the {@code $LOADABLE} section holds the keyword {@code stub}: the module has stubs that load
 *        it on first call (implies {@code loadable})
 * @param interfaces the interfaces it is built on, in file order, at least one
 * @param dependencies the modules it depends on, in file order, without repeats
 * @param tunables its tunables, in file order, names unique
 * @param driverInstalls its device-number requests, in file order, names unique
 * @param pciIds the PCI devices it drives ({@code $PCI_ID}), in file order, each once; empty if it drives none
 */
public record MasterFile(String name, ModuleType type, List<String> typeFields, boolean loadable, boolean stub,
        List<InterfaceSpec> interfaces, List<String> dependencies, List<TunableSpec> tunables,
        List<DriverInstall> driverInstalls, List<PciId> pciIds) {

    /** A master file without a {@code $PCI_ID} section. */
    public MasterFile(String name, ModuleType type, List<String> typeFields, boolean loadable, boolean stub,
            List<InterfaceSpec> interfaces, List<String> dependencies, List<TunableSpec> tunables,
            List<DriverInstall> driverInstalls) {
        this(name, type, typeFields, loadable, stub, interfaces, dependencies, tunables, driverInstalls, List.of());
    }

    /** Checks that nothing is null, that a stub module is loadable, and copies the lists. */
    public MasterFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        typeFields = List.copyOf(typeFields);
        interfaces = List.copyOf(interfaces);
        dependencies = List.copyOf(dependencies);
        tunables = List.copyOf(tunables);
        driverInstalls = List.copyOf(driverInstalls);
        pciIds = List.copyOf(pciIds);
        if (stub && !loadable) {
            throw new IllegalArgumentException("module " + name + ": a stub module must be loadable");
        }
    }

    /** @return the same master file, dynamically loadable: how boot sees a static module, whatever its $LOADABLE */
    public MasterFile asLoadable() {
        return new MasterFile(name, type, typeFields, true, stub, interfaces, dependencies, tunables, driverInstalls,
                pciIds);
    }

    /**
     * @param tunableName a tunable name
     * @return the module's tunable of that name, if it declares one
     */
    public Optional<TunableSpec> tunable(String tunableName) {
        return tunables.stream().filter(t -> t.name().equals(tunableName)).findFirst();
    }
}
