package org.dlkm.kernel.device;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A SCSI host adapter as a driver implements it, registered under a name ({@code vmhba0}).
 *
 * <p>Threading: the kernel serialises open and close; {@link #submit} may be called from several threads.
 */
@ConsumerType
public interface ScsiAdapter {

    /** @return the number of target IDs on the adapter's bus (8 narrow, 16 wide) */
    int maxTargets();

    /** Prepares the adapter for I/O. */
    void open() throws KernelException;

    /** Quiesces the adapter. */
    void close();

    /**
     * Runs one block command against a target.
     *
     * @param target the target ID
     * @param write whether it writes (else reads)
     * @param lba the first logical block
     * @param blocks how many blocks
     * @throws KernelException {@code ENODEV} for an absent target, {@code EINVAL} for a bad range
     */
    void submit(int target, boolean write, long lba, int blocks) throws KernelException;

    /** @return the adapter counters now */
    ScsiStatistics statistics();

    /** @return driver-specific lines for the proc entry, possibly empty; each line ends with a newline */
    default String details() {
        return "";
    }
}
