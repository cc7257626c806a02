package org.dlkm.kernel;

import java.util.List;

/**
 * What a demand load of one module would do: the modules to load, in order, dependencies first.
 *
 * @param target the module asked for
 * @param steps the loads, in order; the target is last
 * @param alreadyLoaded dependencies that are loaded already and are left as they are
 */
public record LoadPlanInfo(String target, List<Step> steps, List<String> alreadyLoaded) {

    /** Copies the lists. */
    public LoadPlanInfo {
        steps = List.copyOf(steps);
        alreadyLoaded = List.copyOf(alreadyLoaded);
    }

    /**
     * One load of the plan.
     *
     * @param module the module to load
     * @param reason why it is in the plan ({@code target}, {@code dependency of e100 ($DRIVER_DEPENDENCY)}, ...)
     */
    public record Step(String module, String reason) {
    }
}
