package org.dlkm.kernel;

import java.util.List;

/**
 * The outcome of a successful load.
 *
 * @param module the module as loaded
 * @param steps what the kernel did, step by step, as {@code vmkload_mod -v} prints it
 */
public record LoadResult(ModuleInfo module, List<String> steps) {
    /** Copies the steps. */
    public LoadResult {
        steps = List.copyOf(steps);
    }
}
