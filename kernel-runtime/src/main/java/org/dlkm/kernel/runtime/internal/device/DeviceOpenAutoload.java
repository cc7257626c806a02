package org.dlkm.kernel.runtime.internal.device;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;
import org.dlkm.kernel.runtime.internal.pci.PciBus;

/**
 * Autoload on a device open ({@code vmkdev -o vmnic0 vm1} with e100 not loaded): the driver that would create the
 * device is found in the catalog without loading anything, and autoloaded with what it depends on before the open.
 *
 * <p>The driver is the registered module, not loaded, whose first {@code $DRIVER_INSTALL} name (the tag a demand
 * load gives it) is the device's tag, and whose {@code $PCI_ID} table lists unclaimed cards assigned to the VMkernel:
 * loaded, it would name them tag + the lowest free numbers, so the kernel knows beforehand whether it would create
 * the device asked for; if not, nothing is loaded and the open fails with {@code ENODEV} saying why. Modules that
 * may be autoloaded ({@code $CONFIGURE} and {@code $LOADABLE} Y) come first, then by name; one that may not is still
 * chosen if it is the only one, so that the open fails with the demand load's {@code EPERM} saying what to change.
 *
 * <p>Threading: any number of threads may open devices at once. Opens of the same device share one autoload: the
 * first runs it on its own thread, the others wait for it and then succeed or fail with it, so a storm of opens
 * loads the driver once. Opens of two devices of one driver each find the other's load done, or wait for it on the
 * transition lock and then find the driver loaded. The autoload takes the transition lock; no lock of this class is held meanwhile.
 */
final class DeviceOpenAutoload {
    private static final Pattern DEVICE_NAME = Pattern.compile("(.*[^0-9])([0-9]+)");

    /** The driver that would create a device. */
    private record Choice(String module, List<String> names) {
    }

    private final PciBus bus;
    private final DeviceRegistry devices;
    private final ModuleCatalog catalog;
    private final DriverAutoload autoload;
    /** The autoloads under way, by the device whose open started them: the ones later opens of it join. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    DeviceOpenAutoload(PciBus bus, DeviceRegistry devices, ModuleCatalog catalog, DriverAutoload autoload) {
        this.bus = bus;
        this.devices = devices;
        this.catalog = catalog;
        this.autoload = autoload;
    }

    /**
     * Makes sure the device exists before it is opened: nothing to do if it does; else its driver is autoloaded, or
     * the open is refused.
     *
     * @param name the device to open
     * @param holder who opens it, the requester of the autoload
     * @throws KernelException {@code ENODEV} naming why no driver would create the device, or the error of the
     *         autoload (this thread's, or the one it joined)
     */
    void ensure(String name, String holder) throws KernelException {
        // a device that exists while its module is still loading is not there yet: wait for the autoload under way
        if (devices.usable(name)) {
            return;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = running.putIfAbsent(name, mine);
        if (other != null) {
            join(other);
            return;
        }
        try {
            if (devices.device(name).isEmpty()) {
                Choice choice = choose(name);
                if (catalog.entry(choice.module()).map(e -> !e.loaded()).orElse(true)) {
                    autoload(name, holder, choice.module());
                }
            }
            mine.complete(null);
        } catch (KernelException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(name, mine);
        }
    }

    private void autoload(String name, String holder, String module) throws KernelException {
        try {
            autoload.load(module, "device open " + name, holder);
        } catch (KernelException e) {
            throw new KernelException(e.number(), name + ": autoloading its driver " + module + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Waits for another open's autoload and fails as it failed. */
    private static void join(CompletableFuture<Void> other) throws KernelException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    other.get();
                    return;
                } catch (InterruptedException e) {
                    // the autoload goes on either way, bounded by the module thread's watchdog
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof KernelException k) {
                        throw new KernelException(k.number(), k.getMessage(), k);
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw (Error) cause;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Choice choose(String name) throws KernelException {
        String noDevice = name + ": no such device (devices: " + existing() + ")";
        Matcher m = DEVICE_NAME.matcher(name);
        if (!m.matches() || m.group(2).length() > 9) {
            throw new KernelException(Errno.ENODEV, noDevice);
        }
        String tag = m.group(1);
        List<CatalogEntry> drivers = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            if (!e.driverNames().isEmpty() && e.driverNames().get(0).equals(tag)) {
                if (e.loaded()) {
                    loaded.add(e.name());
                } else {
                    drivers.add(e);
                }
            }
        }
        if (drivers.isEmpty()) {
            throw new KernelException(Errno.ENODEV, noDevice + (loaded.isEmpty()
                    ? ", and no registered module installs the driver " + tag + " ($DRIVER_INSTALL) to autoload"
                    : "; " + String.join(", ", loaded) + ", the driver of " + tag + " devices, "
                            + (loaded.size() == 1 ? "is" : "are") + " loaded and created no " + name));
        }
        drivers.sort(Comparator.comparing((CatalogEntry e) -> !(e.configure() && e.loadable().orElse(false)))
                .thenComparing(CatalogEntry::name));
        List<String> would = new ArrayList<>();
        for (CatalogEntry e : drivers) {
            List<String> names = wouldCreate(e, tag);
            if (names.contains(name)) {
                return new Choice(e.name(), names);
            }
            would.add(names.isEmpty() ? e.name() + " drives no unclaimed card assigned to the VMkernel"
                    + (e.pciIds().isEmpty() ? " (its $PCI_ID lists none)" : "")
                    : e.name() + " would create " + String.join(", ", names));
        }
        throw new KernelException(Errno.ENODEV, noDevice + ", and no driver would create it: "
                + String.join("; ", would));
    }

    /** @return the names the module would give its devices if it were loaded now with its default tag */
    private List<String> wouldCreate(CatalogEntry driver, String tag) {
        int cards = 0;
        for (PciDevice d : bus.devices()) {
            if (d.claimedBy().isEmpty() && d.owner() != PciOwner.CONSOLE && driver.drives(d)) {
                cards++;
            }
        }
        Set<String> taken = new HashSet<>();
        for (DeviceInfo d : devices.devices()) {
            taken.add(d.name());
        }
        List<String> names = new ArrayList<>();
        for (int n = 0; names.size() < cards; n++) {
            if (!taken.contains(tag + n)) {
                names.add(tag + n);
            }
        }
        return names;
    }

    private String existing() {
        List<String> names = devices.devices().stream().map(DeviceInfo::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** @return the devices whose open is autoloading their driver: empty when every open has returned */
    Set<String> underWay() {
        return Set.copyOf(running.keySet());
    }
}
