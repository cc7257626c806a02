package org.dlkm.kernel;

import java.util.List;

/**
 * The outcome of a successful unload.
 *
 * @param id the ID the module had
 * @param name the module name
 * @param interruptedThreads the threads that still ran the module's code (or had its class loader as their context
 *        class loader) when the kernel withdrew it, and that the kernel interrupted, by name: threads the module
 *        started and did not stop, a timer task that did not return; empty for a module that stopped all it started
 */
public record UnloadResult(int id, String name, List<String> interruptedThreads) {
    /** Copies the thread names. */
    public UnloadResult {
        interruptedThreads = List.copyOf(interruptedThreads);
    }
}
