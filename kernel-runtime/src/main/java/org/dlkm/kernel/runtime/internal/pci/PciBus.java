package org.dlkm.kernel.runtime.internal.pci;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;

/**
 * The simulated PCI bus: the devices of a hardware description and which module has claimed each.
 *
 * <p>A driver module claims, in one call, the devices it drives: every unclaimed matching device the installer
 * assigned to the VMkernel ({@code vmkernel} or {@code shared} in the hardware description), plus the service
 * console devices it was asked to share ({@code vmkload_mod -d bus:slot}), which become {@link PciOwner#SHARED}.
 * Unloading the module releases them all, and each goes back to the owner the hardware description gave it.
 *
 * <p>Thread-safe. Every read and change of claims happens under one private lock, so two claims never take the
 * same device and {@link #consoleVisible()} never sees half of a claim or release. The lock is never held while
 * calling foreign code: the match predicate of {@link #claim} is evaluated before the lock is taken, and must
 * depend only on a device's identity (IDs, class, address), which never changes.
 */
public final class PciBus {

    private final Object lock = new Object();
    private final List<SimulatedPciDevice> devices;
    private final Map<PciAddress, SimulatedPciDevice> byAddress = new HashMap<>();

    /**
     * @param slots the devices of a hardware description, each address once
     * @throws IllegalArgumentException if an address appears twice
     */
    public PciBus(List<PciSlot> slots) {
        List<SimulatedPciDevice> sorted = new ArrayList<>();
        for (PciSlot slot : slots) {
            SimulatedPciDevice device = new SimulatedPciDevice(slot);
            if (byAddress.putIfAbsent(slot.address(), device) != null) {
                throw new IllegalArgumentException("two PCI devices at " + slot.address());
            }
            sorted.add(device);
        }
        sorted.sort(Comparator.comparing(SimulatedPciDevice::address));
        this.devices = List.copyOf(sorted);
    }

    /** @return every device on the bus, in address order */
    public List<PciDevice> devices() {
        return List.copyOf(devices);
    }

    /**
     * @return the devices the service console sees ({@code /proc/pci}, {@code scanpci}): those not assigned
     *         exclusively to the VMkernel, in address order
     */
    public List<PciDevice> consoleVisible() {
        synchronized (lock) {
            return devices.stream().filter(d -> d.owner() != PciOwner.VMKERNEL).map(PciDevice.class::cast).toList();
        }
    }

    /**
     * @param address a bus address
     * @return the device there, if any
     */
    public Optional<PciDevice> find(PciAddress address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /**
     * @param module a module name
     * @return the devices the module has claimed, in address order
     */
    public List<PciDevice> claimedBy(String module) {
        synchronized (lock) {
            return devices.stream().filter(d -> d.claimedBy().filter(module::equals).isPresent())
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
        List<SimulatedPciDevice> matching = devices.stream().filter(match).toList();
        synchronized (lock) {
            List<PciDevice> claimed = new ArrayList<>();
            for (SimulatedPciDevice device : matching) {
                if (device.claimedBy().isPresent()) {
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
            for (SimulatedPciDevice device : devices) {
                if (device.claimedBy().filter(module::equals).isPresent()) {
                    device.release();
                    released.add(device);
                }
            }
            return List.copyOf(released);
        }
    }
}
