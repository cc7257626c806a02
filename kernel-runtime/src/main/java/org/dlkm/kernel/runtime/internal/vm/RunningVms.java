package org.dlkm.kernel.runtime.internal.vm;

import java.util.List;
import java.util.Optional;

/**
 * The running virtual machines as other rooms of the runtime see them: the seam where a transmit filter room
 * ({@code /proc/vmware/filters/xmitpush}) finds a machine by VM ID and its NICs, and learns when it stops, to destroy
 * the filters attached to it.
 *
 * <p>Threading: may be called from any thread. Stop listeners run on the thread stopping the machine, before its
 * devices are closed, with the machine still listed; one that throws is logged and does not keep the machine
 * running.
 */
public interface RunningVms {
    /** Told when a running machine stops. */
    @FunctionalInterface
    interface StopListener {
        /** @param vm the machine stopping; its devices are still open */
        void stopping(RunningVm vm);
    }

    /** @return the running machine of that VM ID */
    Optional<RunningVm> byId(int id);

    /** @return the running machines, by VM ID */
    List<RunningVm> all();

    /**
     * @param listener told of every stop from now on
     * @return what removes it
     */
    Runnable addStopListener(StopListener listener);
}
