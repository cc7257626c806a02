package org.dlkm.kernel.catalog;

import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciId;

/**
 * A module registered in the catalog, as its master and system files describe it, with its state in the running
 * kernel. Immutable.
 *
 * @param name the module name
 * @param type the module type as the master file spells it ({@code wsio_class}, {@code misc}, ...)
 * @param typeLabel the type as {@code kmadmin} prints it ({@code WSIO}, {@code STREAMS}, {@code Misc})
 * @param description the module's descriptive name
 * @param imagePath the registered module image (jar) in the kernel home
 * @param masterPath its master file
 * @param systemPath its system file
 * @param loadableModule whether its master file has {@code $LOADABLE}: it can be loaded dynamically at all
 * @param configure the system file's {@code $CONFIGURE} flag
 * @param loadable the system file's {@code $LOADABLE} flag; empty for a module that can only be static
 * @param dependencies the modules its {@code $DRIVER_DEPENDENCY} names
 * @param blockMajor its block major number, -1 for none or assigned by the kernel
 * @param charMajor its character major number, -1 for none or assigned by the kernel
 * @param loadedId the ID of the loaded module, or -1 if it is not loaded
 * @param driverNames the names of its {@code $DRIVER_INSTALL} lines, in file order: the tags its devices are named
 *        after ({@code vmnic}); empty for a module that installs no driver
 * @param pciIds the PCI devices it drives, from its master file's {@code $PCI_ID} section, read without loading the
 *        module (the analogue of Linux's {@code MODULE_DEVICE_TABLE}); empty for a module that drives none
 */
public record CatalogEntry(String name, String type, String typeLabel, String description, String imagePath,
        String masterPath, String systemPath, boolean loadableModule, boolean configure, Optional<Boolean> loadable,
        List<String> dependencies, int blockMajor, int charMajor, int loadedId, List<String> driverNames,
        List<PciId> pciIds) {

    /** Copies the lists. */
    public CatalogEntry {
        dependencies = List.copyOf(dependencies);
        driverNames = List.copyOf(driverNames);
        pciIds = List.copyOf(pciIds);
    }

    /**
     * An entry of a module that installs no driver and drives no PCI device: the constructor of version 1.2 of this
     * package.
     */
    public CatalogEntry(String name, String type, String typeLabel, String description, String imagePath,
            String masterPath, String systemPath, boolean loadableModule, boolean configure, Optional<Boolean> loadable,
            List<String> dependencies, int blockMajor, int charMajor, int loadedId) {
        this(name, type, typeLabel, description, imagePath, masterPath, systemPath, loadableModule, configure,
                loadable, dependencies, blockMajor, charMajor, loadedId, List.of(), List.of());
    }

    /**
     * @param pci a device on the bus
     * @return whether the module's PCI ID table lists it
     * @since 1.3
     */
    public boolean drives(PciDevice pci) {
        return pciIds.stream().anyMatch(id -> id.matches(pci));
    }

    /** @return whether the module is loaded in the running kernel */
    public boolean loaded() {
        return loadedId > 0;
    }

    /** @return whether the system file configures the module statically: configured, not loadable */
    public boolean staticallyConfigured() {
        return configure && !loadable.orElse(false);
    }
}
