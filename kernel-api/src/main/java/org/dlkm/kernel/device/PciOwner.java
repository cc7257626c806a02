package org.dlkm.kernel.device;

/** Who a PCI device is assigned to, as the ESX installer assigns it. */
public enum PciOwner {
    /** Exclusively the VMkernel: not visible to the service console. */
    VMKERNEL,
    /** The service console (Linux): visible in {@code /proc/pci}. */
    CONSOLE,
    /** Controlled by the VMkernel and still visible to the service console. */
    SHARED
}
