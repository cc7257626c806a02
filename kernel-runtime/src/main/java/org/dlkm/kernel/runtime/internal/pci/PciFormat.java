package org.dlkm.kernel.runtime.internal.pci;

import java.util.Comparator;
import java.util.List;

import org.dlkm.kernel.device.PciDevice;

/**
 * Prints PCI devices as the ESX service console's Linux 2.4 {@code /proc/pci} shows them, in address order
 * whatever order they are given in; IDs are lower-case hexadecimal; every line ends with {@code \n}. (The shell's
 * {@code scanpci} command prints the XFree86 format itself, from the API's device view.)
 *
 * <p>Stateless: the static methods are safe to call from any thread.
 */
public final class PciFormat {

    private static final Comparator<PciDevice> BY_ADDRESS = Comparator.comparing(PciDevice::address);

    private PciFormat() {
    }

    /**
     * Linux 2.4 {@code /proc/pci}: a heading, then two lines per device.
     * <pre>
     * PCI devices found:
     *   Bus  0, device   8, function  0:
     *     Ethernet controller: Intel Corporation 82557/8/9 [Ethernet Pro 100] (8086:1229).
     * </pre>
     *
     * @param devices the devices to list, usually {@link PciBus#consoleVisible()}
     * @return the text; only the heading when there are none
     */
    public static String procPci(List<? extends PciDevice> devices) {
        StringBuilder sb = new StringBuilder("PCI devices found:\n");
        devices.stream().sorted(BY_ADDRESS).forEach(d -> sb.append(String.format(
                "  Bus %2d, device %3d, function %2d:\n    %s: %s (%04x:%04x).\n",
                d.address().bus(), d.address().slot(), d.address().function(),
                d.deviceClass().label(), d.description(), d.vendorId(), d.deviceId())));
        return sb.toString();
    }
}
