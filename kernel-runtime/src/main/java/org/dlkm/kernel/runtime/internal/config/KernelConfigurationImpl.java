package org.dlkm.kernel.runtime.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * @param runningStatic the running kernel's statically loaded modules
     * @param tunables checks a system file's tunables, as {@code mk_kernel} does: every problem, one line each
     */
    public KernelConfigurationImpl(TransitionLock lock, ModuleCatalogImpl catalog, StaticSet staticSet,
            KernelPaths paths, Supplier<List<String>> runningStatic, Function<Path, List<String>> tunables,
            KernelLog log) {
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
            List<SystemDescription.Tunable> tunables = List.of();
            if (Files.exists(paths.system())) {
                tunables = SystemDescription.read(paths.system()).tunables();
                steps.add("Its tunable lines, from " + paths.system() + ": " + tunables.size());
            } else {
                steps.add("No " + paths.system() + ": no tunable lines");
            }
            new SystemDescription(modules, tunables).write(file);
            steps.add("Wrote the system file " + file);
            return steps;
        }
    }

    @Override
    public List<String> staticModules(Path systemFile) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            return SystemDescription.read(systemFile).staticModules();
        }
    }

    @Override
    public List<String> configureStatic(Path systemFile, String module, boolean configure) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
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
            } else if (!set.remove(module)) {
                throw new KernelException(Errno.ENOENT, module + ": " + systemFile + " does not configure it"
                        + " statically" + (catalog.entry(module).map(e -> e.staticallyConfigured()).orElse(false)
                                ? "; its own system file does (kmsystem -l Y " + module + " makes it loadable)"
                                : ""));
            }
            SystemDescription changed = system.withStatic(List.copyOf(set));
            changed.write(systemFile);
            return changed.staticModules();
        }
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
