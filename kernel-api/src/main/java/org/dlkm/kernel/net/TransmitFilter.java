package org.dlkm.kernel.net;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

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

    /**
     * The filter's state as of a time, for a filter whose state moves with time alone (a shaper's buckets fill while
     * no frame passes): the kernel calls this one when the entry is read. By default {@link #status()}.
     *
     * @param nowNanos the time of the read, on the clock of {@link #offer} and {@link #release}
     * @return as {@link #status()}
     * @since 1.2
     */
    default String status(long nowNanos) {
        return status();
    }

    /**
     * Changes the settings of an attached instance, as {@code config ARGUMENTS} written to its entry
     * {@code /proc/vmware/filters/xmit/CLASS.N.VMID} asks. Counters and queued frames stay.
     *
     * @param arguments the arguments after {@code config}, as an administrator writes them
     * @throws KernelException {@code EINVAL} naming the bad argument; the settings are then unchanged. By default
     *         every call is refused: the filter takes no settings
     * @since 1.1
     */
    default void configure(List<String> arguments) throws KernelException {
        throw new KernelException(Errno.EINVAL, "this filter takes no settings");
    }

    /**
     * Sets how many frames may wait before further frames are dropped, as {@code maxq N} asks; frames already
     * waiting beyond the new limit stay queued.
     *
     * @param frames the new limit, zero or more (the kernel refuses a negative one before calling)
     * @throws KernelException {@code EINVAL} if the filter keeps no queue (the default) or refuses the limit
     * @since 1.1
     */
    default void maxQueue(int frames) throws KernelException {
        throw new KernelException(Errno.EINVAL, "this filter keeps no queue");
    }

    /**
     * Sets the counters back to zero, as {@code reset} asks; settings and queued frames stay. By default nothing
     * happens: a filter without counters has nothing to reset.
     *
     * @since 1.1
     */
    default void reset() {
        // no counters
    }
}
