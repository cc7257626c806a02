package org.dlkm.kernel.runtime.internal.pci;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;

/**
 * The simulated PCI bus: the devices of a hardware description, the cards hot-plugged since, and which module has
 * claimed each.
 *
 * <p>A driver module claims, in one call, the devices it drives: every unclaimed matching device the installer
 * assigned to the VMkernel ({@code vmkernel} or {@code shared} in the hardware description), plus the service
 * console devices it was asked to share ({@code vmkload_mod -d bus:slot}), which become {@link PciOwner#SHARED}.
 * Unloading the module releases them all, and each goes back to the owner the hardware description gave it. A card
 * inserted while the kernel runs ({@link #insert}) is claimed one at a time ({@link #claimOne}) for the driver the
 * kernel gives it to, and is removed ({@link #remove}) only once released.
 *
 * <p>Thread-safe. Every read and change of the devices and their claims happens under one private lock, so two
 * claims never take the same device and {@link #consoleVisible()} never sees half of a claim, release, insertion or
 * removal. The lock is never held while calling foreign code: the match predicate of {@link #claim} is evaluated
 * before the lock is taken, and must depend only on a device's identity (IDs, class, address), which never changes.
 */
public final class PciBus {

    private final Object lock = new Object();
    /** The devices by address; guarded by {@link #lock}. */
    private final TreeMap<PciAddress, SimulatedPciDevice> byAddress = new TreeMap<>();
    private final PciCards cards;

    /**
     * @param slots the devices of a hardware description, each address once
     * @throws IllegalArgumentException if an address appears twice
     */
    public PciBus(List<PciSlot> slots) {
        for (PciSlot slot : slots) {
            if (byAddress.putIfAbsent(slot.address(), new SimulatedPciDevice(slot)) != null) {
                throw new IllegalArgumentException("two PCI devices at " + slot.address());
            }
        }
        this.cards = PciCards.withMachine(slots);
    }

    /** @return the cards the machine knows, for {@code hotplug add} */
    public PciCards cards() {
        return cards;
    }

    /** @return every device on the bus, in address order */
    public List<PciDevice> devices() {
        synchronized (lock) {
            return List.copyOf(byAddress.values());
        }
    }

    /**
     * @return the devices the service console sees ({@code /proc/pci}, {@code scanpci}): those not assigned
     *         exclusively to the VMkernel, in address order
     */
    public List<PciDevice> consoleVisible() {
        synchronized (lock) {
            return byAddress.values().stream().filter(d -> d.owner() != PciOwner.VMKERNEL)
                    .map(PciDevice.class::cast).toList();
        }
    }

    /**
     * @param address a bus address
     * @return the device there, if any
     */
    public Optional<PciDevice> find(PciAddress address) {
        synchronized (lock) {
            return Optional.ofNullable(byAddress.get(address));
        }
    }

    /**
     * @param module a module name
     * @return the devices the module has claimed, in address order
     */
    public List<PciDevice> claimedBy(String module) {
        synchronized (lock) {
            return byAddress.values().stream().filter(d -> d.claimedBy().filter(module::equals).isPresent())
                    .map(PciDevice.class::cast).toList();
        }
    }

    /**
     * Claims for a module every unclaimed device it matches that the VMkernel may take: those the hardware
     * description assigns to the VMkernel or as shared, and the service console devices at the addresses in
     * {@code sharedRequested}, which become {@link PciOwner#SHARED}. The claim is atomic: no other claim or release
     * interleaves with it.
     *
     * <p>This is {@code ModuleContext.claimPciDevices}, called from inside a module's {@code load}, so it refuses
     * nothing: a requested address that holds no device, a device the predicate does not match, or one another
     * module has claimed, is simply not claimed. The caller validates {@code -d} addresses before the load (no
     * device: {@code ENODEV}; assigned to the VMkernel: {@code EINVAL}; claimed: {@code EBUSY}) and checks
     * afterwards that each was claimed (the returned list, or {@link #claimedBy}).
     *
     * @param module the claiming module's name
     * @param match which devices the module drives; evaluated before the lock is taken, on identity only
     * @param sharedRequested addresses of service-console devices to share with the VMkernel (the
     *        {@code vmkload_mod -d} option); possibly empty
     * @return the devices claimed by this call, in address order; empty if none
     */
    public List<PciDevice> claim(String module, Predicate<? super PciDevice> match, Set<PciAddress> sharedRequested) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(match, "match");
        Set<PciAddress> requested = Set.copyOf(sharedRequested);
        List<SimulatedPciDevice> present;
        synchronized (lock) {
            present = List.copyOf(byAddress.values());
        }
        List<SimulatedPciDevice> matching = present.stream().filter(match).toList();
        synchronized (lock) {
            List<PciDevice> claimed = new ArrayList<>();
            for (SimulatedPciDevice device : matching) {
                if (byAddress.get(device.address()) != device || device.claimedBy().isPresent()) {
                    continue;
                }
                if (device.hardwareOwner() != PciOwner.CONSOLE) {
                    device.claim(module, device.hardwareOwner());
                } else if (requested.contains(device.address())) {
                    device.claim(module, PciOwner.SHARED);
                } else {
                    continue;
                }
                claimed.add(device);
            }
            return List.copyOf(claimed);
        }
    }

    /**
     * Claims one hot-plugged card for a module, if it is still on the bus, unclaimed, and the VMkernel's or shared.
     *
     * @return whether the module now holds it
     */
    public boolean claimOne(String module, PciDevice card) {
        synchronized (lock) {
            SimulatedPciDevice device = byAddress.get(card.address());
            if (device != card || device.claimedBy().isPresent() || device.hardwareOwner() == PciOwner.CONSOLE) {
                return false;
            }
            device.claim(module, device.hardwareOwner());
            return true;
        }
    }

    /**
     * Releases one card a module claimed; it goes back to the owner it was inserted or described with.
     *
     * @return whether the module held it
     */
    public boolean release(String module, PciAddress address) {
        synchronized (lock) {
            SimulatedPciDevice device = byAddress.get(address);
            if (device == null || !device.claimedBy().filter(module::equals).isPresent()) {
                return false;
            }
            device.release();
            return true;
        }
    }

    /**
     * Releases every device the module claimed. Each goes back to the owner the hardware description gave it: a
     * service-console device shared through {@code claim} returns to the console; one the description marks
     * shared stays shared.
     *
     * @param module a module name
     * @return the devices released, in address order; empty if it had claimed none
     */
    public List<PciDevice> releaseAll(String module) {
        Objects.requireNonNull(module, "module");
        synchronized (lock) {
            List<PciDevice> released = new ArrayList<>();
            for (SimulatedPciDevice device : byAddress.values()) {
                if (device.claimedBy().filter(module::equals).isPresent()) {
                    device.release();
                    released.add(device);
                }
            }
            return List.copyOf(released);
        }
    }

    /**
     * Inserts a card into a free slot (hot-plug), unclaimed.
     *
     * @return the new device
     * @throws KernelException {@code EEXIST} naming the card in the slot
     */
    public PciDevice insert(PciSlot slot) throws KernelException {
        synchronized (lock) {
            SimulatedPciDevice there = byAddress.get(slot.address());
            if (there != null) {
                throw new KernelException(Errno.EEXIST, "PCI slot " + slot.address() + " is taken by "
                        + String.format("%04x:%04x", there.vendorId(), there.deviceId()) + " " + there.description()
                        + "; remove that card first with hotplug remove " + slot.address());
            }
            SimulatedPciDevice device = new SimulatedPciDevice(slot);
            byAddress.put(slot.address(), device);
            return device;
        }
    }

    /**
     * Takes an unclaimed card off the bus.
     *
     * @return the card removed, or empty if the slot was empty or its card is claimed (release it first)
     */
    public Optional<PciDevice> remove(PciAddress address) {
        synchronized (lock) {
            SimulatedPciDevice device = byAddress.get(address);
            if (device == null || device.claimedBy().isPresent()) {
                return Optional.empty();
            }
            byAddress.remove(address);
            return Optional.of(device);
        }
    }
}
