package org.dlkm.kernel.runtime.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a demand load ({@code kmadmin -L}) will do, worked out by {@link LoadPlanner} before anything is loaded: the
 * modules to load in order, dependencies first and the requested module last, each with the reason it is there,
 * and the dependencies that are loaded already and so are left alone.
 *
 * <p>Immutable (both lists are unmodifiable copies) and safe to share between threads.
 *
 * @param target the module the load was requested for
 * @param steps the modules to load, in order: every module after all of its dependencies, the target last
 * @param alreadyLoaded the dependencies found loaded already, in the order the planner met them; each with the
 *        reason it would have been loaded
 */
public record LoadPlan(String target, List<Step> steps, List<Step> alreadyLoaded) {

    /** Checks that nothing is null, copies the lists, and checks that the target is the last step and the only one. */
    public LoadPlan {
        Objects.requireNonNull(target, "target");
        steps = List.copyOf(steps);
        alreadyLoaded = List.copyOf(alreadyLoaded);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a plan to load " + target + " has at least the step that loads it");
        }
        Step last = steps.get(steps.size() - 1);
        if (last.reason() != Reason.TARGET || !last.module().equals(target)) {
            throw new IllegalArgumentException("the last step of a plan to load " + target + " loads it; found "
                    + last);
        }
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).reason() == Reason.TARGET) {
                throw new IllegalArgumentException("a plan to load " + target + " has one target step; found "
                        + steps.get(i));
            }
        }
    }

    /** Why a module is in a plan. */
    public enum Reason {
        /** The module the load was requested for. */
        TARGET,
        /** Named in the {@code $DRIVER_DEPENDENCY} section of a module in the plan. */
        DEPENDENCY,
        /** Exports packages that a module in the plan imports. */
        SYMBOL_PROVIDER
    }

    /**
     * One module of a plan and why it is there.
     *
     * <p>Immutable and safe to share between threads.
     *
     * @param module the module
     * @param reason why it is in the plan
     * @param neededBy the module that needs it; null for the target (a plain field rather than an {@link Optional}:
     *        a plan of a large catalog makes one step per module, and an object fewer each counts; see
     *        {@link #dependent()})
     */
    public record Step(String module, Reason reason, String neededBy) {

        /** Checks that the module and reason are not null and that exactly the target has no dependent. */
        public Step {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(reason, "reason");
            if ((reason == Reason.TARGET) != (neededBy == null)) {
                throw new IllegalArgumentException("step " + module + ": the target, and only the target, has no"
                        + " dependent");
            }
        }

        /** @return the module that needs this one; empty for the target */
        public Optional<String> dependent() {
            return Optional.ofNullable(neededBy);
        }

        /**
         * @param module the module a load was requested for
         * @return its step
         */
        public static Step target(String module) {
            return new Step(module, Reason.TARGET, null);
        }

        /**
         * @param module a module named in a {@code $DRIVER_DEPENDENCY} section
         * @param dependent the module whose section names it
         * @return its step
         */
        public static Step dependencyOf(String module, String dependent) {
            return new Step(module, Reason.DEPENDENCY, Objects.requireNonNull(dependent, "dependent"));
        }

        /**
         * @param module a module that exports packages another imports
         * @param dependent the module that imports them
         * @return its step
         */
        public static Step providerTo(String module, String dependent) {
            return new Step(module, Reason.SYMBOL_PROVIDER, Objects.requireNonNull(dependent, "dependent"));
        }

        /**
         * @return the reason in words: {@code target}, {@code dependency of e100, $DRIVER_DEPENDENCY} or
         *         {@code provides symbols to e100}
         */
        public String why() {
            return switch (reason) {
                case TARGET -> "target";
                case DEPENDENCY -> "dependency of " + neededBy + ", $DRIVER_DEPENDENCY";
                case SYMBOL_PROVIDER -> "provides symbols to " + neededBy;
            };
        }

        /** @return {@code module (why)} */
        @Override
        public String toString() {
            return module + " (" + why() + ")";
        }
    }

    /** @return the names of the modules to load, in load order, the target last */
    public List<String> modules() {
        List<String> names = new ArrayList<>(steps.size());
        for (Step s : steps) {
            names.add(s.module());
        }
        return List.copyOf(names);
    }

    /**
     * The lines a dry run ({@code kmadmin -L -n}) prints: one numbered line per module to load, in order, then one
     * line per dependency left alone because it is loaded already:
     * <pre>
     * 1. load pci_support (dependency of vmklinux, $DRIVER_DEPENDENCY)
     * 2. load vmklinux (dependency of e100, $DRIVER_DEPENDENCY)
     * 3. load e100 (target)
     *    skip net_core (already loaded; provides symbols to e100)
     * </pre>
     *
     * @return the lines, without line terminators
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>(steps.size() + alreadyLoaded.size());
        int n = 0;
        for (Step s : steps) {
            lines.add(++n + ". load " + s.module() + " (" + s.why() + ")");
        }
        for (Step s : alreadyLoaded) {
            lines.add("   skip " + s.module() + " (already loaded; " + s.why() + ")");
        }
        return List.copyOf(lines);
    }
}
