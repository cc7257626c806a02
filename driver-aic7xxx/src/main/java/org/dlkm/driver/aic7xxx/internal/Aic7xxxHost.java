package org.dlkm.driver.aic7xxx.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.vmklinux.scsi.ScsiHost;

/**
 * One AIC-7xxx host adapter on a wide bus (16 targets) or, with the tunable {@code aic7xxx_max_targets} at 8, a
 * narrow one, carrying {@code disks} simulated disks of
 * {@value #DISK_BLOCKS} 512-byte blocks each at targets 0 to disks-1.
 */
final class Aic7xxxHost extends ScsiHost {
    static final long DISK_BLOCKS = 17_783_240L; // a 9.1 GB disk of the era

    private final String model;
    private final Aic7xxxSettings settings;
    private final AtomicBoolean open = new AtomicBoolean();

    private final int targets;

    /**
     * @param targets SCSI targets on the bus: 16 (wide) or 8 (narrow), the static tunable {@code aic7xxx_max_targets}
     */
    Aic7xxxHost(String model, Aic7xxxSettings settings, int targets) {
        super(targets);
        this.targets = targets;
        this.model = model;
        this.settings = settings;
    }

    @Override
    public void open() {
        open.set(true);
    }

    @Override
    public void close() {
        open.set(false);
    }

    @Override
    protected void queueCommand(int target, boolean write, long lba, int blocks) throws KernelException {
        if (!open.get()) {
            throw new KernelException(Errno.EIO, "adapter is closed: open it before submitting commands");
        }
        if (target >= settings.disks()) {
            throw new KernelException(Errno.ENODEV, "no device at target " + target + " (selection timeout after "
                    + settings.selectionTimeoutMillis() + " ms)");
        }
        if (lba + blocks > DISK_BLOCKS) {
            throw new KernelException(Errno.EINVAL, "blocks " + lba + "-" + (lba + blocks - 1) + " are beyond the end"
                    + " of the disk at target " + target + " (" + DISK_BLOCKS + " blocks)");
        }
    }

    @Override
    public String details() {
        return String.format("%-15s %s%n", "Model:", model)
                + String.format("%-15s %d (targets 0-%d), %d blocks each%n", "Disks:", settings.disks(),
                        Math.max(0, settings.disks() - 1), DISK_BLOCKS)
                + String.format("%-15s %s, %d targets%n", "Bus:", targets == 16 ? "wide" : "narrow", targets)
                + String.format("%-15s %d%n", "Queue depth:", settings.tagDepth())
                + String.format("%-15s %d ms%n", "Sel. timeout:", settings.selectionTimeoutMillis())
                + String.format("%-15s %s%n", "Bus reset:", settings.noReset() ? "no" : "yes");
    }
}
