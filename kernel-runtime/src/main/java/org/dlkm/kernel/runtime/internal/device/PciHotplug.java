package org.dlkm.kernel.runtime.internal.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.HotplugResult;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciId;
import org.dlkm.kernel.device.PciOwner;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.loader.Requests;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.pci.PciCards;
import org.dlkm.kernel.runtime.internal.pci.PciSlot;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.spi.PciHotplugListener;

/**
 * PCI hot-plug: {@code hotplug add} and {@code hotplug remove}. A card inserted for the VMkernel is given to the
 * loaded driver that takes hot-plugged cards it matches (its probe runs on the module thread), or else the
 * registered driver whose {@code $PCI_ID} lists it is autoloaded, which claims it as every load claims its cards.
 * A card being removed is released by its driver first (its devices and proc entries go), unless one of its devices
 * is open.
 *
 * <p>Threading: each event is one request under the transition lock, so it never crosses a load or an unload;
 * module code runs on the module thread ({@link ModuleCode}).
 */
public final class PciHotplug {
    /** Who asks for an autoload on a hot-plug event, in the autoload trace. */
    static final String REQUESTER = "hotplug";

    private final PciBus bus;
    private final DeviceRegistry devices;
    private final ModuleTable table;
    private final DriverCandidates candidates;
    private final Requests requests;
    private final ModuleCode code;
    private final DriverAutoload autoload;
    private final KernelLog log;

    public PciHotplug(PciBus bus, DeviceRegistry devices, ModuleTable table, ModuleCatalog catalog, Requests requests,
            ModuleCode code, DriverAutoload autoload, KernelLog log) {
        this.bus = bus;
        this.devices = devices;
        this.table = table;
        this.candidates = new DriverCandidates(catalog);
        this.requests = requests;
        this.code = code;
        this.autoload = autoload;
        this.log = log;
    }

    /** See {@link org.dlkm.kernel.device.DeviceService#hotplugAdd}. */
    public HotplugResult add(PciAddress address, PciId id, PciOwner owner) throws KernelException {
        return requests.run(() -> {
            PciCards.Card card = bus.cards().find(id).orElseThrow(() -> new KernelException(Errno.ENODEV,
                    "PCI " + address + ": no card " + id + " is known to the simulated machine (known: "
                            + String.join(", ", bus.cards().ids()) + ")"));
            PciDevice inserted = bus.insert(new PciSlot(address, id.vendor(), id.device(), card.deviceClass(), owner,
                    card.description()));
            log.log("hotplug", "inserted PCI " + address + " " + id + " " + card.description() + " ("
                    + owner.name().toLowerCase() + ")");
            if (owner == PciOwner.CONSOLE) {
                return result(inserted, Optional.empty(), List.of(), List.of(), Optional.empty());
            }
            for (LoadedModule m : table.rows()) {
                if (m.state == ModuleState.LOADED && m.resources != null && m.resources.takesHotplug()) {
                    Optional<PciHotplugListener> listener = match(m, inserted, unclaimed(inserted));
                    if (listener.isPresent()) {
                        return probe(m, listener.get(), inserted);
                    }
                }
            }
            return autoloadFor(inserted);
        });
    }

    private Optional<PciHotplugListener> match(LoadedModule m, PciDevice card, String prefix) throws KernelException {
        try {
            return code.run(m, "hot-plug match of PCI " + card.address(), () -> m.resources.hotplugListener(card));
        } catch (Exception | Error e) {
            throw failure(prefix + m.name() + "'s hot-plug match failed: ", e);
        }
    }

    private static String unclaimed(PciDevice card) {
        return "PCI " + card.address() + " (" + id(card) + ") is inserted, unclaimed: ";
    }

    private HotplugResult probe(LoadedModule m, PciHotplugListener listener, PciDevice card) throws KernelException {
        if (!bus.claimOne(m.name(), card)) {
            return result(card, Optional.empty(), List.of(), List.of(), Optional.of("the card could not be claimed"));
        }
        try {
            code.run(m, "hot-plug probe of PCI " + card.address(), () -> {
                listener.deviceAdded(card);
                return null;
            });
        } catch (Exception | Error e) {
            List<String> withdrawn = devices.withdraw(card.address());
            bus.release(m.name(), card.address());
            log.log(m.name(), "hot-plug probe of PCI " + card.address() + " failed; withdrew "
                    + (withdrawn.isEmpty() ? "nothing" : String.join(", ", withdrawn)) + " and released the card");
            throw failure(unclaimed(card) + m.name() + "'s probe failed: ", e);
        }
        List<String> created = devices.deviceNamesOn(card.address());
        log.log(m.name(), "probed hot-plugged PCI " + card.address() + ": "
                + (created.isEmpty() ? "no device" : String.join(", ", created)));
        return result(card, Optional.of(m.name()), List.of(), created, Optional.empty());
    }

    private HotplugResult autoloadFor(PciDevice card) throws KernelException {
        DriverCandidates.Drivers drivers = candidates.forCard(card);
        Optional<CatalogEntry> driver = drivers.first();
        if (driver.isEmpty()) {
            return result(card, Optional.empty(), List.of(), List.of(), Optional.of(unclaimedBecause(card, drivers)));
        }
        String name = driver.get().name();
        List<String> loaded = new ArrayList<>();
        try {
            for (LoadedModule m : autoload.load(name, "PCI hot-plug of " + card.address() + " (" + id(card) + ")",
                    REQUESTER)) {
                loaded.add(m.name());
            }
        } catch (KernelException e) {
            throw new KernelException(e.number(), unclaimed(card) + "autoloading " + name + " failed: "
                    + e.getMessage(), e);
        }
        Optional<String> claimer = bus.find(card.address()).flatMap(PciDevice::claimedBy);
        Optional<String> note = claimer.isPresent() ? Optional.empty()
                : Optional.of(name + " was autoloaded but did not claim the card");
        return result(card, claimer, loaded, devices.deviceNamesOn(card.address()), note);
    }

    private String unclaimedBecause(PciDevice card, DriverCandidates.Drivers drivers) {
        Optional<String> notLoadable = drivers.whyNone();
        if (notLoadable.isPresent()) {
            return "its driver may not be autoloaded: " + notLoadable.get();
        }
        List<String> declaring = candidates.declaring(card);
        if (!declaring.isEmpty()) {
            return String.join(", ", declaring) + (declaring.size() == 1 ? " lists it and is" : " list it and are")
                    + " loaded, but did not take the card; unload and load the driver again to bind it";
        }
        return "no registered module's $PCI_ID lists " + id(card);
    }

    /** See {@link org.dlkm.kernel.device.DeviceService#hotplugRemove}. */
    public HotplugResult remove(PciAddress address) throws KernelException {
        return requests.run(() -> {
            PciDevice card = bus.find(address).orElseThrow(() -> new KernelException(Errno.ENODEV, "PCI " + address
                    + ": no card in that slot (cards at: " + String.join(", ", bus.devices().stream()
                            .map(d -> d.address().toString()).toList()) + ")"));
            Optional<String> claimer = card.claimedBy();
            if (claimer.isEmpty()) {
                bus.remove(address);
                log.log("hotplug", "removed PCI " + address + " " + id(card) + " " + card.description());
                return result(card, Optional.empty(), List.of(), List.of(), Optional.empty());
            }
            return release(card, claimer.get());
        });
    }

    private HotplugResult release(PciDevice card, String owner) throws KernelException {
        PciAddress address = card.address();
        String what = "PCI " + address + " (" + id(card) + ", claimed by " + owner + ")";
        LoadedModule m = table.byName(owner).orElse(null);
        if (m == null || m.state != ModuleState.LOADED || m.resources == null) {
            throw new KernelException(Errno.EBUSY, what + ": " + owner + " is "
                    + (m == null ? "not in the module table" : m.state.name().toLowerCase()) + "; try again when it"
                    + " is loaded");
        }
        List<String> holders = devices.beginRemoval(address);
        if (!holders.isEmpty()) {
            String[] first = holders.get(0).split(" by ", 2);
            throw new KernelException(Errno.EBUSY, what + ": " + String.join(", ", holders.stream()
                    .map(h -> h.replace(" by ", " is held open by ")).toList()) + "; close it first (vmkdev -c "
                    + first[0] + " " + first[1] + ")");
        }
        try {
            Optional<PciHotplugListener> listener = m.resources.takesHotplug()
                    ? match(m, card, what + ": not removed: ") : Optional.empty();
            if (listener.isEmpty()) {
                throw new KernelException(Errno.EBUSY, what + ": " + owner + " does not release hot-plugged cards;"
                        + " unload " + owner + " first");
            }
            List<String> names = devices.deviceNamesOn(address);
            try {
                code.run(m, "hot-plug removal of PCI " + address, () -> {
                    listener.get().deviceRemoved(card);
                    return null;
                });
            } catch (Exception | Error e) {
                // the card is going whatever the driver says: what it left is withdrawn below
                log.log(owner, "hot-plug removal of PCI " + address + " failed: " + Causes.describe(e)
                        + "; the kernel withdraws its devices");
            }
            devices.withdraw(address);
            bus.release(owner, address);
            bus.remove(address);
            log.log("hotplug", "removed PCI " + address + " " + id(card) + " " + card.description() + ", released by "
                    + owner + (names.isEmpty() ? "" : ": " + String.join(", ", names) + " gone"));
            return result(card, Optional.of(owner), List.of(), names, Optional.empty());
        } finally {
            devices.endRemoval(address);
        }
    }

    private static HotplugResult result(PciDevice card, Optional<String> driver, List<String> autoloaded,
            List<String> names, Optional<String> note) {
        return new HotplugResult(card, driver, autoloaded, names, note);
    }

    private static String id(PciDevice card) {
        return new PciId(card.vendorId(), card.deviceId()).toString();
    }

    private static KernelException failure(String prefix, Throwable e) {
        if (e instanceof KernelException k) {
            return new KernelException(k.number(), prefix + k.getMessage(), k);
        }
        Errno errno = e instanceof OutOfMemoryError ? Errno.ENOMEM : Errno.EIO;
        return new KernelException(errno, prefix + Causes.describe(e), e);
    }
}
