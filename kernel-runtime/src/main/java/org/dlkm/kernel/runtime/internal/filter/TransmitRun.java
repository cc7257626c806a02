package org.dlkm.kernel.runtime.internal.filter;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.vm.RunningVm;
import org.dlkm.kernel.vm.TransmitReport;

/**
 * One {@code vmxmit} run: a machine offers {@code frameBytes}-byte frames at an offered rate for a number of
 * seconds, in real time, each through its filter ({@link TransmitFilters#transmit}); frames are offered as they fall
 * due, checked every millisecond, so that a run offers exactly the frames the rate puts in its time. The report counts what was offered, what left the NIC meanwhile, what the filter
 * dropped and what it still holds.
 *
 * <p>Threading: runs on the caller's thread, which it keeps for the whole run.
 */
final class TransmitRun {
    /** The shortest frame {@code vmxmit} sends: an Ethernet frame without its checksum. */
    static final int MIN_FRAME = 60;
    /** The longest, as vmklinux's drivers take it. */
    static final int MAX_FRAME = 1514;
    /** The longest run. */
    static final int MAX_SECONDS = 60;

    private final TransmitFilters filters;
    private final int vmId;
    private final long offeredBitsPerSecond;
    private final int frameBytes;
    private final int seconds;

    /** @throws KernelException {@code EINVAL} for a value out of range */
    TransmitRun(TransmitFilters filters, int vmId, long offeredBitsPerSecond, int frameBytes, int seconds)
            throws KernelException {
        if (offeredBitsPerSecond <= 0) {
            throw new KernelException(Errno.EINVAL, "offered rate " + offeredBitsPerSecond + " must be positive");
        }
        if (frameBytes < MIN_FRAME || frameBytes > MAX_FRAME) {
            throw new KernelException(Errno.EINVAL, "frame length " + frameBytes + " must be " + MIN_FRAME + " to "
                    + MAX_FRAME + " bytes");
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new KernelException(Errno.EINVAL, "time " + seconds + " must be 1 to " + MAX_SECONDS + " seconds");
        }
        this.filters = filters;
        this.vmId = vmId;
        this.offeredBitsPerSecond = offeredBitsPerSecond;
        this.frameBytes = frameBytes;
        this.seconds = seconds;
    }

    /** Offers frames {@code from} to {@code to} (excluded); returns how many the filter dropped. */
    private long offer(long from, long to) throws KernelException {
        long dropped = 0;
        for (long k = from; k < to; k++) {
            if (!filters.transmit(vmId, frameBytes)) {
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * @throws KernelException {@code ENOENT} for a machine not running or without a NIC, {@code EINTR} if the thread
     *         is interrupted, or what the filter's code did
     */
    TransmitReport run() throws KernelException {
        RunningVm vm = filters.withNic(vmId);
        RunningVm.Nic nic = vm.nics().get(0);
        long packetsBefore = nic.txPackets();
        long bytesBefore = nic.txBytes();
        double nanosPerFrame = frameBytes * 8.0 * 1_000_000_000.0 / offeredBitsPerSecond;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        // frame k falls due at k * nanosPerFrame; every one due before the end is offered by the end
        long total = (long) Math.ceil((end - start) / nanosPerFrame);
        long offered = 0;
        long dropped = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = Math.min((long) ((now - start) / nanosPerFrame) + 1, total);
            dropped += offer(offered, due);
            offered = due;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KernelException(Errno.EINTR, vm.holder() + ": interrupted after " + offered + " frames");
            }
        }
        dropped += offer(offered, total);
        offered = total;
        long elapsed = System.nanoTime() - start;
        long sentOffered = offered;
        long droppedOffered = dropped;
        // what left and what waits, read with no release in between, add up to what was accepted
        return filters.withQueued(vmId, queued -> new TransmitReport(sentOffered, nic.txPackets() - packetsBefore,
                nic.txBytes() - bytesBefore, droppedOffered, queued, elapsed));
    }
}
