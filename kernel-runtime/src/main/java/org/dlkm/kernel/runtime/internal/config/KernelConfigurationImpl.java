package org.dlkm.kernel.runtime.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.config.KernelConfiguration;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;
import org.dlkm.kernel.runtime.internal.config.KernelMoves.Op;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;

/**
 * The {@link KernelConfiguration} service: {@code system_prep}, {@code kmsystem -S}, {@code mk_kernel},
 * {@code kmupdate}, and the kernel moves at shutdown.
 *
 * <p>Threading: each call takes the transition lock, so builds, updates, catalog changes and loads are serialised;
 * {@link #atShutdown} runs on the framework's thread stopping the runtime.
 */
public final class KernelConfigurationImpl implements KernelConfiguration {
    private final TransitionLock lock;
    private final ModuleCatalogImpl catalog;
    private final KernelPaths paths;
    private final KernelBuilder builder;
    private final KernelMoves moves;
    private final Supplier<List<String>> runningStatic;
    private final KernelLog log;
    private final RunningKernel running;

    /** What {@code system_prep} asks of the running kernel. */
    public interface RunningKernel {
        /** @return the kernel file the kernel booted from, if it booted from one */
        Optional<Path> bootedKernelFile();

        /**
         * @param lineSources the running kernel's tunable lines by name, the first source first
         * @param steps gets what was decided, one line each
         * @return its kernel tunables whose current values differ from their defaults, as system file lines
         */
        Map<String, String> tunablesOtherThanDefaults(List<Map<String, String>> lineSources, List<String> steps);
    }

    /**
     * @param runningStatic the running kernel's statically loaded modules
     * @param tunables checks a system file's tunables, as {@code mk_kernel} does: every problem, one line each
     * @param running the running kernel's tunables and the kernel file it booted, for {@code system_prep}
     */
    public KernelConfigurationImpl(TransitionLock lock, ModuleCatalogImpl catalog, StaticSet staticSet,
            KernelPaths paths, Supplier<List<String>> runningStatic, Function<Path, List<String>> tunables,
            RunningKernel running, KernelLog log) {
        this.running = running;
        this.lock = lock;
        this.catalog = catalog;
        this.paths = paths;
        this.builder = new KernelBuilder(staticSet, paths, tunables);
        this.moves = new KernelMoves(paths.moves());
        this.runningStatic = runningStatic;
        this.log = log;
    }

    @Override
    public List<String> describeRunningKernel(Path file) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            List<String> steps = new ArrayList<>();
            List<String> modules = runningStatic.get();
            steps.add("The running kernel's statically configured modules: "
                    + (modules.isEmpty() ? "none" : String.join(", ", modules)));
            List<Map<String, String>> sources = new ArrayList<>();
            Optional<Path> booted = running.bootedKernelFile();
            if (booted.isPresent()) {
                steps.add("It booted from the kernel file " + booted.get() + ", whose tunable lines it runs with");
                sources.add(lines(KernelFile.read(booted.get()).tunables()));
            } else {
                steps.add("It booted without a kernel file: its tunables came from " + paths.system()
                        + " and kmtune -u");
            }
            if (Files.exists(paths.system())) {
                sources.add(lines(SystemDescription.read(paths.system()).tunables()));
            }
            steps.add("Its tunables whose current values differ from their defaults (a formula kept where the"
                    + " running kernel's line evaluates to the current value):");
            List<String> decided = new ArrayList<>();
            Map<String, String> tunables = running.tunablesOtherThanDefaults(sources, decided);
            if (tunables.isEmpty()) {
                steps.add("  none");
            }
            steps.addAll(decided);
            List<SystemDescription.Tunable> lines = new ArrayList<>();
            tunables.forEach((name, value) -> lines.add(new SystemDescription.Tunable(name, value)));
            new SystemDescription(modules, lines).write(file);
            steps.add("Wrote the system file " + file);
            return steps;
        }
    }

    private static Map<String, String> lines(List<SystemDescription.Tunable> tunables) {
        Map<String, String> lines = new LinkedHashMap<>();
        tunables.forEach(t -> lines.put(t.name(), t.value()));
        return lines;
    }

    @Override
    public List<String> staticModules(Path systemFile) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            return SystemDescription.read(systemFile).staticModules();
        }
    }

    @Override
    public List<String> plannedStaticModules() {
        try (TransitionLock.Held held = lock.enter()) {
            Path file = pendingSystem().orElse(paths.system());
            return Files.exists(file) ? SystemDescription.read(file).staticModules() : List.of();
        } catch (KernelException e) {
            return List.of();
        }
    }

    /**
     * @return the system file a pending {@code kmupdate} makes {@code stand/system} at the next shutdown (the copy in
     *     the built kernel's module set), if one is pending and not yet under way
     */
    public Optional<Path> pendingSystem() {
        try (TransitionLock.Held held = lock.enter()) {
            Optional<KernelMoves.Journal> j = moves.pending();
            if (j.isEmpty() || j.get().step() > 0) {
                return Optional.empty();
            }
            Path system = paths.system().toAbsolutePath().normalize();
            for (Op op : j.get().ops()) {
                if (!op.delete() && op.to().toAbsolutePath().normalize().equals(system)
                        && Files.isRegularFile(op.from())) {
                    return Optional.of(op.from());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>While a {@code kmupdate} is pending that replaces {@code stand/system} at the next shutdown, an edit of
     * {@code stand/system} is made to the pending file too (first), so that it is not lost at the moves.
     */
    @Override
    public List<String> configureStatic(Path systemFile, String module, boolean configure) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            Optional<Path> pending = isKernelSystem(systemFile) ? pendingSystem() : Optional.empty();
            boolean inPending = pending.isPresent()
                    && SystemDescription.read(pending.get()).staticModules().contains(module);
            SystemDescription changed = plannedStatic(systemFile, module, configure, inPending);
            {
                if (pending.isPresent()) {
                    // first the pending file: a kill before stand/system is written leaves the edit in the file that
                    // becomes stand/system at the moves (which the next boot completes), so it is never lost
                    configureStaticIn(pending.get(), module, configure);
                }
            }
            changed.write(systemFile);
            return changed.staticModules();
        }
    }

    private boolean isKernelSystem(Path file) {
        return file.toAbsolutePath().normalize().equals(paths.system().toAbsolutePath().normalize());
    }

    private static void configureStaticIn(Path file, String module, boolean configure) throws KernelException {
        SystemDescription system = SystemDescription.read(file);
        TreeSet<String> set = new TreeSet<>(system.staticModules());
        if (configure ? set.add(module) : set.remove(module)) {
            system.withStatic(List.copyOf(set)).write(file);
        }
    }

    /** @return the system file with the module added to or removed from its static modules; nothing is written */
    private SystemDescription plannedStatic(Path systemFile, String module, boolean configure, boolean inPending)
            throws KernelException {
        SystemDescription system = SystemDescription.read(systemFile);
        if (configure && catalog.registered(module).isEmpty()) {
            Optional<org.dlkm.kernel.catalog.UnusableModule> broken = catalog.unusable(module);
            if (broken.isPresent()) {
                throw broken.get().refusal();
            }
            throw new KernelException(Errno.ENOENT, module + ": no such module registered; kminstall -a adds"
                    + " one");
        }
        TreeSet<String> set = new TreeSet<>(system.staticModules());
        if (configure) {
            set.add(module);
        } else if (!set.remove(module) && !inPending) {
            throw new KernelException(Errno.ENOENT, module + ": " + systemFile + " does not configure it"
                    + " statically" + (catalog.entry(module).map(e -> e.staticallyConfigured()).orElse(false)
                            ? "; its own system file does (kmsystem -l Y " + module + " makes it loadable)"
                            : ""));
        }
        return system.withStatic(List.copyOf(set));
    }

    @Override
    public List<String> build(Path systemFile, Path kernelFile) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            return builder.build(systemFile, kernelFile);
        }
    }

    @Override
    public List<String> update(Path kernelFile) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            Path file = kernelFile.toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new KernelException(Errno.ENOENT, file + ": no built kernel; build one first with mk_kernel"
                        + " -s /stand/build/system (or config /stand/system)");
            }
            if (file.equals(paths.kernel().toAbsolutePath().normalize())) {
                throw new KernelException(Errno.EINVAL, file + " is the current kernel already");
            }
            KernelFile kernel = KernelFile.read(file);
            Path set = paths.moduleSet(file);
            Optional<String> problem = kernel.checkModuleSet(set);
            if (problem.isPresent()) {
                throw new KernelException(Errno.EINVAL, problem.get() + "; rebuild the kernel with mk_kernel");
            }
            Path current = paths.moduleSet(paths.kernel());
            Path prevSet = paths.moduleSet(paths.previous());
            List<Op> ops = new ArrayList<>();
            Path systemCopy = set.resolve(KernelPaths.SYSTEM_COPY);
            boolean installsSystem = Files.isRegularFile(systemCopy);
            if (installsSystem) {
                SystemDescription.read(systemCopy);
                ops.add(Op.delete(paths.previousSystem()));
                ops.add(Op.move(paths.system(), paths.previousSystem()));
                ops.add(Op.move(systemCopy, paths.system()));
            }
            if (Files.exists(paths.kernel())) {
                ops.add(Op.delete(paths.previous()));
                ops.add(Op.delete(prevSet));
                ops.add(Op.move(current, prevSet));
                ops.add(Op.move(paths.kernel(), paths.previous()));
            } else {
                ops.add(Op.delete(current));
            }
            ops.add(Op.move(set, current));
            ops.add(Op.move(file, paths.kernel()));
            try {
                moves.schedule("kmupdate: install " + file + " at the next shutdown", ops);
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, paths.moves() + ": cannot record the update: "
                        + Causes.ofFile(e), e);
            }
            log.log("kmupdate", file + " becomes " + paths.kernel() + " at the next shutdown");
            List<String> lines = new ArrayList<>();
            lines.add("Kernel update request is scheduled.");
            lines.add("At the next shutdown " + file + " becomes " + paths.kernel() + " and its module set " + set
                    + " becomes " + current + ";");
            lines.add(Files.exists(paths.kernel()) ? "the current kernel is kept as " + paths.previous()
                    + " and its module set as " + prevSet + "." : "there is no current kernel to keep.");
            if (installsSystem) {
                lines.add("The system file it was built from becomes " + paths.system() + " then (the current one is"
                        + " kept as " + paths.previousSystem() + "); kmtune and kmsystem edits of " + paths.system()
                        + " until then are made to both.");
            }
            return lines;
        }
    }

    /**
     * Performs the moves {@code kmupdate} scheduled; the kernel is shutting down.
     *
     * @return what was done, for the log; empty if nothing was pending
     */
    public Optional<String> atShutdown() {
        try {
            Optional<KernelMoves.Journal> j = moves.pending();
            if (j.isPresent() && moves.complete()) {
                String done = "completed the kernel moves of " + j.get().title();
                log.log("kmupdate", done);
                return Optional.of(done);
            }
        } catch (IOException e) {
            String failed = paths.moves() + ": the kernel moves failed at shutdown: " + Causes.ofFile(e)
                    + "; the next boot completes them";
            log.log("kmupdate", failed);
            return Optional.of(failed);
        }
        return Optional.empty();
    }
}
