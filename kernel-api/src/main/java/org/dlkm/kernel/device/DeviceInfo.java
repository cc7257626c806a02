package org.dlkm.kernel.device;

import java.util.List;

/**
 * A snapshot of one registered device.
 *
 * @param name the kernel name ({@code vmnic0})
 * @param kind its kind
 * @param module the module that registered it
 * @param pciAddress the PCI device it drives
 * @param holders who holds it open, one entry per open handle
 */
public record DeviceInfo(String name, DeviceKind kind, String module, PciAddress pciAddress, List<String> holders) {
    /** Copies the holders. */
    public DeviceInfo {
        holders = List.copyOf(holders);
    }

    /** @return the number of open handles */
    public int openCount() {
        return holders.size();
    }
}
