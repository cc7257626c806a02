package org.dlkm.kernel.runtime.internal.table;

import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.spi.PciHotplugListener;

/**
 * What one load of a module owns: devices, proc entries, filter classes, PCI claims, timers and threads, all
 * registered through its module context.
 *
 * <p>Threading: {@link #release} is called by the kernel with the transition lock held; it may be called more than
 * once, and only the first call does anything.
 */
public interface ModuleResources {

    /**
     * Withdraws everything: timers cancelled (a task under way waited for, for a bounded time, then interrupted),
     * threads interrupted and joined (each for a bounded time), registrations withdrawn newest first, PCI claims
     * released. What goes wrong is logged.
     *
     * @return the names of the threads that still ran the module's code and were interrupted (a timer task that did
     *         not return in time, a thread that did not end); empty if none
     */
    List<String> release();

    /**
     * @param card a card inserted into the running machine
     * @return the module's hot-plug listener whose match accepts the card, if it registered one
     *         ({@code ModuleContext.onPciHotplug}); empty after {@link #release}
     */
    default Optional<PciHotplugListener> hotplugListener(PciDevice card) {
        return Optional.empty();
    }

    /** @return whether the module registered a hot-plug listener, without calling its code */
    default boolean takesHotplug() {
        return false;
    }
}
