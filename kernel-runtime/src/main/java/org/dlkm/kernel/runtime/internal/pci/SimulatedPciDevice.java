package org.dlkm.kernel.runtime.internal.pci;

import java.util.Optional;

import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciClass;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;

/**
 * A device on the simulated {@link PciBus}. Its identity comes from a {@link PciSlot} and never changes; its
 * assignment (owner and claiming module) is changed only by the bus that holds it, under the bus's lock.
 *
 * <p>Thread-safe: the assignment is one immutable value published through a volatile field, so
 * {@link #owner()} and {@link #claimedBy()} each see a whole assignment; two separate calls may see two different
 * ones if a claim or release happens in between.
 */
public final class SimulatedPciDevice implements PciDevice {

    /** Who holds the device: always replaced whole. */
    private record Assignment(PciOwner owner, Optional<String> claimedBy) {
    }

    private final PciSlot slot;
    private volatile Assignment assignment;

    SimulatedPciDevice(PciSlot slot) {
        this.slot = slot;
        this.assignment = new Assignment(slot.owner(), Optional.empty());
    }

    @Override
    public PciAddress address() {
        return slot.address();
    }

    @Override
    public int vendorId() {
        return slot.vendorId();
    }

    @Override
    public int deviceId() {
        return slot.deviceId();
    }

    @Override
    public PciClass deviceClass() {
        return slot.deviceClass();
    }

    @Override
    public String description() {
        return slot.description();
    }

    @Override
    public PciOwner owner() {
        return assignment.owner();
    }

    @Override
    public Optional<String> claimedBy() {
        return assignment.claimedBy();
    }

    /** @return the owner the hardware description gave the device, which a release restores */
    public PciOwner hardwareOwner() {
        return slot.owner();
    }

    /** @return the hardware description line the device came from */
    public PciSlot slot() {
        return slot;
    }

    /** Called by the bus, holding its lock. */
    void claim(String module, PciOwner owner) {
        assignment = new Assignment(owner, Optional.of(module));
    }

    /** Called by the bus, holding its lock. */
    void release() {
        assignment = new Assignment(slot.owner(), Optional.empty());
    }

    /** @return for example {@code 0:12 9005:001f scsi shared "Adaptec AIC-7890/1 Ultra2 SCSI" claimed by aic7xxx} */
    @Override
    public String toString() {
        Assignment a = assignment;
        return String.format("%s %04x:%04x %s %s \"%s\"%s", address(), vendorId(), deviceId(),
                HardwareDescription.spelling(deviceClass()), HardwareDescription.spelling(a.owner()), description(),
                a.claimedBy().map(m -> " claimed by " + m).orElse(""));
    }
}
