package org.dlkm.kernel.runtime.internal.device;

import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.NetStatistics;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.ScsiAdapter;
import org.dlkm.kernel.device.ScsiStatistics;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;

/**
 * The text of a device's proc entry ({@code /proc/vmware/net/vmnic0}, {@code /proc/vmware/scsi/vmhba0}): its name,
 * driver, PCI address and owner, open count, then the counters and details its driver reports. A driver that
 * throws while reporting is shown as a {@code Driver error} line, not as a failed read.
 *
 * <p>Stateless; called on the reading thread without the device registry's lock.
 */
final class DeviceProcText {
    private DeviceProcText() {
    }

    static String of(String name, String tag, LoadedModule owner, PciDevice pci, Object ops, DeviceInfo info) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Name", name);
        line(sb, "Driver", owner.name() + " (module ID " + owner.id + ", tag " + tag + ")");
        line(sb, "PCI address", pci.address() + " (" + String.format("%04x:%04x", pci.vendorId(), pci.deviceId())
                + ") " + pci.description());
        line(sb, "PCI owner", pci.owner().name().toLowerCase());
        line(sb, "Open count", info.openCount()
                + (info.holders().isEmpty() ? "" : " (" + String.join(", ", info.holders()) + ")"));
        try {
            if (ops instanceof NetworkDevice n) {
                NetStatistics s = n.statistics();
                line(sb, "MAC address", n.macAddress());
                line(sb, "Tx packets", Long.toString(s.txPackets()));
                line(sb, "Tx bytes", Long.toString(s.txBytes()));
                line(sb, "Tx errors", Long.toString(s.txErrors()));
                line(sb, "Rx packets", Long.toString(s.rxPackets()));
                line(sb, "Rx bytes", Long.toString(s.rxBytes()));
                sb.append(n.details());
            } else if (ops instanceof ScsiAdapter a) {
                ScsiStatistics s = a.statistics();
                line(sb, "Targets", Integer.toString(a.maxTargets()));
                line(sb, "Commands", Long.toString(s.commands()));
                line(sb, "Blocks read", Long.toString(s.blocksRead()));
                line(sb, "Blocks written", Long.toString(s.blocksWritten()));
                line(sb, "Errors", Long.toString(s.errors()));
                sb.append(a.details());
            }
        } catch (RuntimeException e) {
            line(sb, "Driver error", e.toString());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("%-15s %s", key + ":", value)).append('\n');
    }
}
