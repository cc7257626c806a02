package org.dlkm.kernel.runtime.internal.table;

import java.util.List;

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
}
