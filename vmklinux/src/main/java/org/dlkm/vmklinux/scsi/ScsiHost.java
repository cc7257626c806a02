package org.dlkm.vmklinux.scsi;

import java.util.concurrent.atomic.AtomicLong;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.ScsiAdapter;
import org.dlkm.kernel.device.ScsiStatistics;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A Linux SCSI host ({@code struct Scsi_Host}) as vmklinux presents it to the VMkernel. A driver extends it and
 * implements {@link #queueCommand}; vmklinux checks the target and keeps the counters.
 *
 * <p>Threading: open and close are serialised by the kernel; submit may be called from several threads.
 */
@ConsumerType
public abstract class ScsiHost implements ScsiAdapter {
    private final int maxTargets;
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong blocksRead = new AtomicLong();
    private final AtomicLong blocksWritten = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /** @param maxTargets target IDs on the bus: 8 narrow, 16 wide */
    protected ScsiHost(int maxTargets) {
        this.maxTargets = maxTargets;
    }

    @Override
    public final int maxTargets() {
        return maxTargets;
    }

    @Override
    public final void submit(int target, boolean write, long lba, int blocks) throws KernelException {
        if (target < 0 || target >= maxTargets) {
            errors.incrementAndGet();
            throw new KernelException(Errno.EINVAL, "target " + target + " is outside 0-" + (maxTargets - 1));
        }
        if (lba < 0 || blocks <= 0) {
            errors.incrementAndGet();
            throw new KernelException(Errno.EINVAL, "bad block range: lba " + lba + ", " + blocks + " blocks");
        }
        try {
            queueCommand(target, write, lba, blocks);
        } catch (KernelException e) {
            errors.incrementAndGet();
            throw e;
        }
        commands.incrementAndGet();
        (write ? blocksWritten : blocksRead).addAndGet(blocks);
    }

    @Override
    public final ScsiStatistics statistics() {
        return ScsiStatistics.builder()
                .commands(commands.get())
                .blocksRead(blocksRead.get())
                .blocksWritten(blocksWritten.get())
                .errors(errors.get())
                .build();
    }

    /** The driver's {@code queuecommand}: run one checked block command. */
    protected abstract void queueCommand(int target, boolean write, long lba, int blocks) throws KernelException;
}
