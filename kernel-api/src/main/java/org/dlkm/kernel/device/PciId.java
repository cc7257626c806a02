package org.dlkm.kernel.device;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * A PCI vendor and device ID pair, as a driver's ID table lists it (Linux's {@code struct pci_device_id} without
 * subsystem or class) and as {@code scanpci} and {@code /proc/pci} print it: {@code 8086:1229}.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param vendor the vendor ID, 0x0000-0xfffe ({@code 0xffff} means no device is present)
 * @param device the device ID, 0x0000-0xffff
 * @since 1.2
 */
public record PciId(int vendor, int device) {

    /** Checks that both are 16-bit and the vendor is not {@code 0xffff}. */
    public PciId {
        if (vendor < 0 || vendor >= 0xffff) {
            throw new IllegalArgumentException("PCI vendor ID out of range 0000-fffe: " + Integer.toHexString(vendor));
        }
        if (device < 0 || device > 0xffff) {
            throw new IllegalArgumentException("PCI device ID out of range 0000-ffff: " + Integer.toHexString(device));
        }
    }

    /**
     * Parses {@code vendor:device}, four hexadecimal digits each, either case ({@code 8086:1229}).
     *
     * @param text what was typed or read
     * @return the IDs
     * @throws KernelException {@code EINVAL} naming the text and the expected form
     */
    public static PciId parse(String text) throws KernelException {
        String t = text == null ? "" : text;
        int colon = t.indexOf(':');
        int vendor = colon < 0 ? -1 : hex4(t.substring(0, colon));
        int device = colon < 0 ? -1 : hex4(t.substring(colon + 1));
        if (vendor < 0 || device < 0) {
            throw new KernelException(Errno.EINVAL, "malformed PCI vendor:device '" + t + "': expected two"
                    + " 4-digit hexadecimal IDs, as in 8086:1229");
        }
        if (vendor == 0xffff) {
            throw new KernelException(Errno.EINVAL, "PCI vendor:device '" + t + "': vendor ffff means no device is"
                    + " present");
        }
        return new PciId(vendor, device);
    }

    /**
     * @param digits the text of one ID
     * @return its value, or -1 unless it is exactly four ASCII hexadecimal digits
     */
    static int hex4(String digits) {
        if (digits.length() != 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(digits.charAt(i), 16);
            if (d < 0 || digits.charAt(i) > 'f') {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    /**
     * @param pci a device on the bus
     * @return whether it has this vendor and device ID
     */
    public boolean matches(PciDevice pci) {
        return pci.vendorId() == vendor && pci.deviceId() == device;
    }

    /** @return {@code vendor:device}, lower-case hexadecimal, four digits each: {@code 8086:1229} */
    @Override
    public String toString() {
        return String.format("%04x:%04x", vendor, device);
    }
}
