package org.dlkm.kernel.device;

import java.nio.ByteBuffer;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A network interface as a driver implements it. The kernel registers it under a name ({@code vmnic0}) and calls
 * {@link #open()} when the first handle opens it and {@link #close()} when the last handle closes.
 *
 * <p>Threading: the kernel serialises open and close; {@link #transmit} may be called from several threads.
 */
@ConsumerType
public interface NetworkDevice {

    /** @return the hardware address, {@code 00:90:27:xx:xx:xx} style */
    String macAddress();

    /** Brings the interface up. */
    void open() throws KernelException;

    /** Brings the interface down. */
    void close();

    /**
     * Queues one Ethernet frame for transmission.
     *
     * @throws KernelException {@code EINVAL} for a frame that is too short or too long, {@code EIO} if the
     *         interface is down
     */
    void transmit(ByteBuffer frame) throws KernelException;

    /** @return the interface counters now */
    NetStatistics statistics();

    /** @return driver-specific lines for the proc entry, possibly empty; each line ends with a newline */
    default String details() {
        return "";
    }
}
