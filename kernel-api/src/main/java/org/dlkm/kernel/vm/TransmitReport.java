package org.dlkm.kernel.vm;

/**
 * What a machine transmitted at an offered rate ({@code vmxmit}): the frames offered, those that left through its
 * transmit filter to its NIC's driver, those the filter dropped and those still queued in it at the end.
 *
 * @param offeredFrames frames the machine offered
 * @param sentFrames frames that left the machine's NIC during the run (counted on it, handed to the driver)
 * @param sentBytes their bytes
 * @param droppedFrames frames the filter dropped
 * @param queuedFrames frames still waiting in the filter at the end; the filter's timer releases them later
 * @param elapsedNanos how long the run took
 * @since 1.1
 */
public record TransmitReport(long offeredFrames, long sentFrames, long sentBytes, long droppedFrames,
        long queuedFrames, long elapsedNanos) {

    /** @return the bits per second that left, over the run */
    public long achievedBitsPerSecond() {
        return elapsedNanos <= 0 ? 0 : (long) (sentBytes * 8.0 * 1_000_000_000.0 / elapsedNanos);
    }
}
