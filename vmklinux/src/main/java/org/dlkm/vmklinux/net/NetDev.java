package org.dlkm.vmklinux.net;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.NetStatistics;
import org.dlkm.kernel.device.NetworkDevice;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A Linux network device ({@code struct net_device}) as vmklinux presents it to the VMkernel. A driver extends it
 * and implements {@link #hardStartXmit}; vmklinux checks frames, keeps the interface state and the counters.
 *
 * <p>Threading: open and stop are serialised by the kernel; transmit may be called from several threads.
 */
@ConsumerType
public abstract class NetDev implements NetworkDevice {
    /** The shortest Ethernet frame a driver is given: a header. */
    public static final int MIN_FRAME = 14;
    /** The longest Ethernet frame without a frame check sequence. */
    public static final int MAX_FRAME = 1514;

    private final String macAddress;
    private final AtomicLong txPackets = new AtomicLong();
    private final AtomicLong txBytes = new AtomicLong();
    private final AtomicLong txErrors = new AtomicLong();
    private final AtomicLong rxPackets = new AtomicLong();
    private final AtomicLong rxBytes = new AtomicLong();
    private volatile boolean up;

    /** @param macAddress the station address, {@code 00:90:27:00:00:07} form */
    protected NetDev(String macAddress) {
        this.macAddress = macAddress;
    }

    @Override
    public final String macAddress() {
        return macAddress;
    }

    @Override
    public final void open() throws KernelException {
        deviceOpen();
        up = true;
    }

    @Override
    public final void close() {
        up = false;
        deviceStop();
    }

    /** @return whether the interface is up (opened) */
    public final boolean isUp() {
        return up;
    }

    @Override
    public final void transmit(ByteBuffer frame) throws KernelException {
        int length = frame.remaining();
        if (!up) {
            txErrors.incrementAndGet();
            throw new KernelException(Errno.EIO, "interface is down: open it before transmitting");
        }
        if (length < MIN_FRAME || length > MAX_FRAME) {
            txErrors.incrementAndGet();
            throw new KernelException(Errno.EINVAL, "frame of " + length + " bytes: an Ethernet frame is "
                    + MIN_FRAME + " to " + MAX_FRAME + " bytes");
        }
        hardStartXmit(frame);
        txPackets.incrementAndGet();
        txBytes.addAndGet(length);
    }

    /** Counts a frame the device received ({@code netif_rx}). */
    protected final void receive(int length) {
        rxPackets.incrementAndGet();
        rxBytes.addAndGet(length);
    }

    @Override
    public final NetStatistics statistics() {
        return NetStatistics.builder()
                .txPackets(txPackets.get())
                .txBytes(txBytes.get())
                .txErrors(txErrors.get())
                .rxPackets(rxPackets.get())
                .rxBytes(rxBytes.get())
                .build();
    }

    /** The driver's {@code open}: bring the hardware up. */
    protected abstract void deviceOpen() throws KernelException;

    /** The driver's {@code stop}: bring the hardware down. */
    protected abstract void deviceStop();

    /** The driver's {@code hard_start_xmit}: put one checked frame on the wire. */
    protected abstract void hardStartXmit(ByteBuffer frame) throws KernelException;
}
