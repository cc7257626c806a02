package org.dlkm.kernel.net;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One instance of a transmit filter class, attached to one virtual machine's transmit path. Time is passed in
 * explicitly (nanoseconds on a monotonic clock) so that filters can be tested without sleeping.
 *
 * <p>Threading: the kernel calls an instance from one thread at a time.
 */
@ConsumerType
public interface TransmitFilter {

    /**
     * Offers a frame for transmission.
     *
     * @return true if the frame was accepted (sent now or queued), false if it was dropped
     */
    boolean offer(Frame frame, long nowNanos);

    /** @return the frames released for transmission by {@code nowNanos}, in order */
    List<Frame> release(long nowNanos);

    /** @return the filter's state for {@code /proc}: its settings and counters, each line ending with a newline */
    String status();
}
