package org.dlkm.driver.e100.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.vmklinux.net.NetDev;

/**
 * One EtherExpress Pro/100 interface. The simulated card has a transmit ring of {@code TxDescriptors} slots that
 * the hardware drains between watchdog runs; a full ring refuses a frame, as a real one stops the queue.
 */
final class E100NetDev extends NetDev {
    private final E100Settings settings;
    private final AtomicInteger txRingUsed = new AtomicInteger();
    private final AtomicLong watchdogRuns = new AtomicLong();
    private volatile boolean link;
    private volatile long watchdogPeriodMillis;

    E100NetDev(PciAddress address, E100Settings settings) {
        super(String.format("00:90:27:%02x:%02x:%02x", address.bus(), address.slot(), address.function()));
        this.settings = settings;
    }

    @Override
    protected void deviceOpen() {
        txRingUsed.set(0);
        link = true;
    }

    @Override
    protected void deviceStop() {
        link = false;
        txRingUsed.set(0);
    }

    @Override
    protected void hardStartXmit(ByteBuffer frame) throws KernelException {
        if (txRingUsed.incrementAndGet() > settings.txDescriptors()) {
            txRingUsed.decrementAndGet();
            throw new KernelException(Errno.ENOMEM, "transmit ring full (" + settings.txDescriptors()
                    + " descriptors); retry after the next watchdog run");
        }
        frame.position(frame.limit());
    }

    /** @param millis the period the watchdog now runs at, for {@link #details()} */
    void watchdogPeriod(long millis) {
        watchdogPeriodMillis = millis;
    }

    /** The watchdog: the hardware has sent what was queued; the link is checked. */
    void watchdog() {
        watchdogRuns.incrementAndGet();
        txRingUsed.set(0);
        link = isUp();
    }

    @Override
    public String details() {
        return String.format("%-15s %s%n", "Link:", link ? "up, " + settings.speedDuplexText() : "down")
                + String.format("%-15s %d rx, %d tx (%d in use)%n", "Descriptors:", settings.rxDescriptors(),
                        settings.txDescriptors(), txRingUsed.get())
                + String.format("%-15s %s%n", "Rx checksum:", settings.rxChecksum() ? "offloaded" : "in software")
                + String.format("%-15s %d us%n", "Int delay:", settings.interruptDelay())
                + String.format("%-15s %d%n", "Debug level:", settings.debug())
                + String.format("%-15s %d%n", "Watchdog runs:", watchdogRuns.get())
                + String.format("%-15s every %d ms%n", "Watchdog:", watchdogPeriodMillis);
    }
}
