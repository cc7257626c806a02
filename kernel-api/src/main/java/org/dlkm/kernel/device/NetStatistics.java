package org.dlkm.kernel.device;

/**
 * Network interface counters, as {@code /proc/vmware/net/vmnicN} reports them.
 *
 * @param txPackets frames sent
 * @param txBytes bytes sent
 * @param rxPackets frames received
 * @param rxBytes bytes received
 * @param txErrors frames refused
 */
public record NetStatistics(long txPackets, long txBytes, long rxPackets, long rxBytes, long txErrors) {
}
