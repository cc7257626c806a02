package org.dlkm.driver.e100.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.vmklinux.net.NetDev;

/**
 * One EtherExpress Pro/100 interface. The simulated card has a transmit ring of {@code TxDescriptors} slots
 * ({@link TxRing}) that it sends at the link's speed, freeing each slot as its frame is sent; a full ring refuses a
 * frame, as a real one stops the queue. The watchdog checks the link.
 */
final class E100NetDev extends NetDev {
    private final E100Settings settings;
    private final TxRing txRing;
    private final AtomicLong watchdogRuns = new AtomicLong();
    private volatile boolean link;
    private volatile long watchdogPeriodMillis;

    E100NetDev(PciAddress address, E100Settings settings) {
        super(String.format("00:90:27:%02x:%02x:%02x", address.bus(), address.slot(), address.function()));
        this.settings = settings;
        this.txRing = new TxRing(settings.txDescriptors(), settings.linkBitsPerSecond(), System::nanoTime);
    }

    @Override
    protected void deviceOpen() {
        txRing.clear();
        link = true;
    }

    @Override
    protected void deviceStop() {
        link = false;
        txRing.clear();
    }

    @Override
    protected void hardStartXmit(ByteBuffer frame) throws KernelException {
        if (!txRing.offer(frame.remaining())) {
            throw new KernelException(Errno.ENOMEM, "transmit ring full (" + txRing.size()
                    + " descriptors, each frame sent at " + settings.linkBitsPerSecond() / 1_000_000
                    + " Mbit/s); retry once the card has sent one");
        }
        frame.position(frame.limit());
    }

    /** @param millis the period the watchdog now runs at, for {@link #details()} */
    void watchdogPeriod(long millis) {
        watchdogPeriodMillis = millis;
    }

    /** The watchdog: the link is checked. */
    void watchdog() {
        watchdogRuns.incrementAndGet();
        link = isUp();
    }

    @Override
    public String details() {
        return String.format("%-15s %s%n", "Link:", link ? "up, " + settings.speedDuplexText() : "down")
                + String.format("%-15s %d rx, %d tx (%d in use)%n", "Descriptors:", settings.rxDescriptors(),
                        txRing.size(), txRing.inUse())
                + String.format("%-15s %s%n", "Rx checksum:", settings.rxChecksum() ? "offloaded" : "in software")
                + String.format("%-15s %d us%n", "Int delay:", settings.interruptDelay())
                + String.format("%-15s %d%n", "Debug level:", settings.debug())
                + String.format("%-15s %d%n", "Watchdog runs:", watchdogRuns.get())
                + String.format("%-15s every %d ms%n", "Watchdog:", watchdogPeriodMillis);
    }
}
