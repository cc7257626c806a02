package org.dlkm.kernel.runtime.internal.loader;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;
import org.dlkm.kernel.runtime.internal.catalog.KernelPackages;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.master.DriverInstall;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;

/**
 * The checks a load passes before anything is installed: not loaded already, loadable, no package of the kernel or
 * the framework among its exports, a valid tag, parameters
 * within their declarations, {@code -d} devices the console may share, no symbol conflict, no major number another
 * module holds; and the row the load will fill, with its major numbers.
 *
 * <p>Threading: called with the transition lock held; changes nothing.
 */
final class LoadAdmission {
    private final ModuleTable table;
    private final PciBus bus;
    private final KernelPackages kernelPackages;

    LoadAdmission(ModuleTable table, PciBus bus, KernelPackages kernelPackages) {
        this.table = table;
        this.bus = bus;
        this.kernelPackages = kernelPackages;
    }

    /**
     * @return the row of the load, not yet entered in the table
     * @throws KernelException the first check that fails
     */
    LoadedModule admit(ModuleJar jar, LoadRequest request, boolean statik, List<String> steps) throws KernelException {
        String name = jar.name();
        Optional<LoadedModule> existing = table.byName(name);
        if (existing.isPresent()) {
            throw new KernelException(Errno.EEXIST, name + ": module already loaded (ID " + existing.get().id
                    + ", tag " + existing.get().tag + "); unload it first with vmkload_mod -u " + name);
        }
        if (!jar.master().loadable() && !statik) {
            throw new KernelException(Errno.ENOEXEC, name + ": not a loadable module: its master file has no"
                    + " $LOADABLE section, so it can only be configured statically");
        }
        kernelPackages.checkExports(jar);
        String tag = request.tag().isEmpty() ? defaultTag(jar) : request.tag();
        if (!tag.matches("[A-Za-z0-9]+")) {
            throw new KernelException(Errno.EINVAL, name + ": module tag '" + tag
                    + "' must be letters and numbers only");
        }
        Map<String, String> parameters = jar.parameters().resolve(request.parameters());
        if (!parameters.isEmpty()) {
            steps.add("parameters: " + parameters);
        }
        Set<PciAddress> shared = sharedDevices(name, request.sharedDevices());
        if (request.exportSymbols()) {
            checkSymbolConflicts(jar);
        }
        return new LoadedModule(table.nextId(), jar, tag, request.exportSymbols(), parameters, shared, statik,
                majors(jar));
    }

    /** @return the tag a load without one uses: the first $DRIVER_INSTALL name, else the module name */
    private static String defaultTag(ModuleJar jar) {
        return jar.master().driverInstalls().isEmpty() ? jar.name() : jar.master().driverInstalls().get(0).name();
    }

    /**
     * The major numbers of a module: those its first {@code $DRIVER_INSTALL} entry gives, -1 there meaning the
     * lowest number from 64 up that no loaded module holds; -1 for a module without {@code $DRIVER_INSTALL}. Block
     * and character majors are two name spaces, as in Unix: a fixed block major is refused only if another module
     * holds it as its block major, and the same for character majors. An assigned one avoids every number in use.
     *
     * @throws KernelException {@code EEXIST} for a fixed major another module holds, naming that module
     */
    private int[] majors(ModuleJar jar) throws KernelException {
        if (jar.master().driverInstalls().isEmpty()) {
            return new int[] {-1, -1};
        }
        DriverInstall di = jar.master().driverInstalls().get(0);
        Set<Integer> taken = new HashSet<>();
        Map<Integer, LoadedModule> blockHolders = new HashMap<>();
        Map<Integer, LoadedModule> charHolders = new HashMap<>();
        for (LoadedModule m : table.rows()) {
            taken.add(m.blockMajor());
            taken.add(m.charMajor());
            blockHolders.putIfAbsent(m.blockMajor(), m);
            charHolders.putIfAbsent(m.charMajor(), m);
        }
        int block = di.blockMajor();
        int chr = di.charMajor();
        refuseHeldMajor(jar, "block", block, blockHolders);
        refuseHeldMajor(jar, "character", chr, charHolders);
        if (block == -1) {
            block = lowestFree(taken);
            taken.add(block);
        }
        if (chr == -1) {
            chr = lowestFree(taken);
        }
        return new int[] {block, chr};
    }

    private static void refuseHeldMajor(ModuleJar jar, String kind, int major, Map<Integer, LoadedModule> holders)
            throws KernelException {
        LoadedModule holder = major < 0 ? null : holders.get(major);
        if (holder != null) {
            throw new KernelException(Errno.EEXIST, jar.name() + ": " + kind + " major " + major + " is held by "
                    + holder.name() + " (ID " + holder.id + "); unload " + holder.name() + " first, or give "
                    + jar.name() + " a free major, or -1 for one the kernel assigns, in its $DRIVER_INSTALL");
        }
    }

    private static int lowestFree(Set<Integer> taken) {
        int n = 64;
        while (taken.contains(n)) {
            n++;
        }
        return n;
    }

    private Set<PciAddress> sharedDevices(String name, List<String> requested) throws KernelException {
        Set<PciAddress> shared = new LinkedHashSet<>();
        for (String text : requested) {
            PciAddress address = PciAddress.parse(text);
            PciDevice dev = bus.find(address).orElseThrow(() -> new KernelException(Errno.ENODEV, name
                    + ": no PCI device at " + address + " (see scanpci or cat /proc/pci)"));
            if (dev.claimedBy().isPresent()) {
                throw new KernelException(Errno.EBUSY, name + ": PCI " + address + " is already controlled by "
                        + dev.claimedBy().get());
            }
            if (dev.owner() != PciOwner.CONSOLE) {
                throw new KernelException(Errno.EINVAL, name + ": PCI " + address + " is assigned to the "
                        + (dev.owner() == PciOwner.VMKERNEL ? "VMkernel" : "VMkernel and the console")
                        + "; -d is only for a device the service console uses, and a VMkernel device needs no -d");
            }
            shared.add(address);
        }
        return shared;
    }

    private void checkSymbolConflicts(ModuleJar jar) throws KernelException {
        Set<String> both = new TreeSet<>();
        LoadedModule other = null;
        for (String pkg : jar.exportedPackages()) {
            LoadedModule m = table.symbolExporter(pkg).orElse(null);
            if (m != null && (other == null || other == m)) {
                other = m;
                both.add(pkg);
            }
        }
        if (other != null) {
            throw new KernelException(Errno.EEXIST, jar.name() + ": symbol conflict: " + String.join(", ", both)
                    + " already exported by " + other.name() + " (ID " + other.id + "); load only one of them with -e");
        }
    }
}
