package org.dlkm.kernel.device;

/**
 * SCSI adapter counters, as {@code /proc/vmware/scsi/vmhbaN} reports them.
 *
 * @param commands commands completed
 * @param blocksRead blocks read
 * @param blocksWritten blocks written
 * @param errors commands failed
 */
public record ScsiStatistics(long commands, long blocksRead, long blocksWritten, long errors) {
}
