package org.dlkm.kernel.runtime.internal.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.catalog.LoadPlan.Step;
import org.dlkm.kernel.runtime.internal.master.MasterFile;

/**
 * Plans a demand load ({@code kmadmin -L module}): which modules have to be loaded, in which order, so that every
 * module is loaded after the modules it depends on. As the seed says, a demand load "checks what other modules the
 * loadable module depends upon and automatically loads any such module that is not currently loaded".
 *
 * <h2>Dependencies</h2>
 * A module's dependencies are the modules its master file names in {@code $DRIVER_DEPENDENCY} together with the
 * modules that provide the packages it imports (its symbol providers; a module named as its own provider, which
 * OSGi allows for a package a bundle both exports and imports, is ignored). A module already loaded is not loaded
 * again and its own dependencies are not examined: a loaded module's dependencies are loaded already.
 *
 * <h2>Order</h2>
 * Depth-first post-order from the target, visiting each module's dependencies in sorted ({@link String#compareTo})
 * order: the same catalog gives the same plan. A module reached from several dependents appears once, with the
 * reason of the first dependent that reached it.
 *
 * <h2>Refusals</h2>
 * Planning changes nothing, so every refusal comes before anything is loaded, each a {@link KernelException}:
 * <ul>
 * <li>{@code EEXIST}: the target is loaded already;</li>
 * <li>{@code ENOENT}: a module in the closure is not in the catalog, named with the chain that needs it
 * ({@code e100 needs vmklinux, which is not in the catalog (kminstall -a its jar first)});</li>
 * <li>{@code EDEADLK}: a dependency cycle, named in order ({@code dependency cycle: a -> b -> c -> a});</li>
 * <li>{@code ENOEXEC}: a module in the closure is static: its master file has no {@code $LOADABLE} section.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * Linear in the modules and dependencies of the closure (plus sorting each module's dependencies); iterative with
 * an explicit stack, so a chain of any length plans without a {@link StackOverflowError}.
 *
 * <p>Immutable. {@link #plan} keeps its state on the calling thread and may be called from several threads at once,
 * provided the two lookup functions are safe to call from them; each plan sees the catalog as the functions show
 * it, so a caller that needs a consistent view plans under the lock that guards its catalog and module table.
 */
public final class LoadPlanner {

    private static final int DONE = -1;
    private static final String[] NONE = new String[0];

    private final Function<String, Optional<MasterFile>> catalog;
    private final Function<String, ? extends Set<String>> symbolProviders;

    /**
     * @param catalog the master file of a catalogued module by name; empty for a module not in the catalog
     * @param symbolProviders by module name, the modules that provide the packages it imports; possibly empty, never
     *        null
     */
    public LoadPlanner(Function<String, Optional<MasterFile>> catalog,
            Function<String, ? extends Set<String>> symbolProviders) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.symbolProviders = Objects.requireNonNull(symbolProviders, "symbolProviders");
    }

    /**
     * Plans loading a module and whatever it needs that is not loaded.
     *
     * @param target the module to load
     * @param loaded the names of the modules loaded now
     * @return the plan, the target its last step
     * @throws KernelException {@code EEXIST} if the target is loaded, {@code ENOENT} if a module in the closure is
     *         not catalogued, {@code EDEADLK} for a dependency cycle, {@code ENOEXEC} for a static module in the
     *         closure; see the class comment
     */
    public LoadPlan plan(String target, Set<String> loaded) throws KernelException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(loaded, "loaded");
        if (loaded.contains(target)) {
            throw new KernelException(Errno.EEXIST, target + " is already loaded; unload it first (kmadmin -U "
                    + target + ") to load it afresh");
        }
        return new Run(target, loaded).plan();
    }

    /**
     * A module met by a plan: its step, its sorted dependencies, how many of them have been visited, and where it
     * is on the stack while it is visited ({@link #DONE} once planned).
     */
    private static final class Frame {
        /** Stands for every module found loaded already: nothing to visit, never on the stack. */
        static final Frame LOADED = new Frame(null, NONE, null, DONE);

        final Step step;
        final String[] dependencies;
        /** The dependencies named in {@code $DRIVER_DEPENDENCY}; null when that is all of them. */
        final Set<String> declared;
        int next;
        int depth;

        Frame(Step step, String[] dependencies, Set<String> declared, int depth) {
            this.step = step;
            this.dependencies = dependencies;
            this.declared = declared;
            this.depth = depth;
        }

        Step stepFor(String dependency) {
            String module = step.module();
            return declared == null || declared.contains(dependency) ? Step.dependencyOf(dependency, module)
                    : Step.providerTo(dependency, module);
        }
    }

    /** The state of one plan. Confined to the calling thread. */
    private final class Run {
        private final String target;
        private final Set<String> loaded;
        /** Every module met so far: its frame, or {@link Frame#LOADED} for one found loaded already. */
        private final Map<String, Frame> met = new HashMap<>();
        private final List<Frame> stack = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private final List<Step> alreadyLoaded = new ArrayList<>();

        Run(String target, Set<String> loaded) {
            this.target = target;
            this.loaded = loaded;
        }

        LoadPlan plan() throws KernelException {
            push(Step.target(target));
            while (!stack.isEmpty()) {
                Frame top = stack.get(stack.size() - 1);
                if (top.next < top.dependencies.length) {
                    visit(top, top.dependencies[top.next++]);
                } else {
                    stack.remove(stack.size() - 1);
                    top.depth = DONE;
                    steps.add(top.step);
                }
            }
            return new LoadPlan(target, steps, alreadyLoaded);
        }

        private void visit(Frame from, String dependency) throws KernelException {
            Frame seen = met.get(dependency);
            if (seen == null) {
                Step step = from.stepFor(dependency);
                if (loaded.contains(dependency)) {
                    met.put(dependency, Frame.LOADED);
                    alreadyLoaded.add(step);
                } else {
                    push(step);
                }
            } else if (seen.depth != DONE) {
                throw cycle(seen.depth, dependency);
            }
        }

        private void push(Step step) throws KernelException {
            String module = step.module();
            Optional<MasterFile> found = catalog.apply(module);
            if (found.isEmpty()) {
                throw missing(module);
            }
            MasterFile master = found.get();
            if (!master.loadable()) {
                throw notLoadable(module);
            }
            Set<String> providers = Objects.requireNonNull(symbolProviders.apply(module),
                    () -> "the symbol providers of " + module);
            List<String> declared = master.dependencies();
            if (providers.isEmpty() || providers.size() == 1 && providers.contains(module)) {
                enter(new Frame(step, sorted(declared.toArray(NONE)), null, stack.size()));
                return;
            }
            Set<String> declaredSet = new HashSet<>(declared);
            String[] all = new String[declared.size() + providers.size()];
            int n = 0;
            for (String d : declared) {
                all[n++] = d;
            }
            for (String p : providers) {
                if (!p.equals(module) && !declaredSet.contains(p)) {
                    all[n++] = p;
                }
            }
            enter(new Frame(step, sorted(Arrays.copyOf(all, n)), declaredSet, stack.size()));
        }

        private void enter(Frame frame) {
            met.put(frame.step.module(), frame);
            stack.add(frame);
        }

        /** Sorts in place and drops repeats (a hand-made master file may repeat a dependency). */
        private String[] sorted(String[] names) {
            if (strictlyAscending(names)) {
                return names;
            }
            Arrays.sort(names);
            int n = 1;
            for (int i = 1; i < names.length; i++) {
                if (!names[i].equals(names[n - 1])) {
                    names[n++] = names[i];
                }
            }
            return n == names.length ? names : Arrays.copyOf(names, n);
        }

        /** One pass that spares sorting and de-duplicating a list that is in order already. */
        private boolean strictlyAscending(String[] names) {
            for (int i = 1; i < names.length; i++) {
                if (names[i - 1].compareTo(names[i]) >= 0) {
                    return false;
                }
            }
            return true;
        }

        private KernelException missing(String module) {
            if (stack.isEmpty()) {
                return new KernelException(Errno.ENOENT, module + " is not in the catalog (kminstall -a its jar"
                        + " first)");
            }
            return new KernelException(Errno.ENOENT, chain(module) + ", which is not in the catalog (kminstall -a"
                    + " its jar first)");
        }

        private KernelException notLoadable(String module) {
            String message = module + " is not loadable: its master file has no $LOADABLE section, so it can only"
                    + " be configured statically into the kernel (kmsystem -c Y " + module
                    + ", then build and boot a new kernel)";
            if (!stack.isEmpty()) {
                message += "; " + chain(module);
            }
            return new KernelException(Errno.ENOEXEC, message);
        }

        /** @return {@code a needs b, which needs c}: the stack, from the target, down to the module */
        private String chain(String module) {
            StringBuilder sb = new StringBuilder(stack.get(0).step.module());
            for (int i = 1; i < stack.size(); i++) {
                sb.append(i == 1 ? " needs " : ", which needs ").append(stack.get(i).step.module());
            }
            sb.append(stack.size() == 1 ? " needs " : ", which needs ").append(module);
            return sb.toString();
        }

        private KernelException cycle(int start, String module) {
            StringBuilder sb = new StringBuilder("dependency cycle: ");
            for (int i = start; i < stack.size(); i++) {
                sb.append(stack.get(i).step.module()).append(" -> ");
            }
            sb.append(module).append(" (each needs the next loaded first, so none can be loaded; break the cycle"
                    + " in a $DRIVER_DEPENDENCY section or in the packages these modules import)");
            return new KernelException(Errno.EDEADLK, sb.toString());
        }
    }
}
