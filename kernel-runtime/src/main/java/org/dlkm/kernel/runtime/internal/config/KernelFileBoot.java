package org.dlkm.kernel.runtime.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.catalog.FileDigest;
import org.dlkm.kernel.runtime.internal.config.KernelMoves.Op;

/**
 * Boots the static modules from the kernel file, with HP-UX's backup kernel, as {@code kminit} would:
 * <ol>
 * <li>A home without {@code stand/system} gets one, with no static modules and no tunables: the modules' own
 * system files still configure modules statically ({@code kmsystem -c Y -l N}), and {@code mk_kernel} adds
 * those.</li>
 * <li>A kernel moves journal left by a kill ({@code kmupdate}'s moves, or a fallback's) is completed first
 * ({@link #prepare}, before the runtime's services, and so any command, exist), before a missing
 * {@code stand/system} is written (the moves may be in the middle of replacing it).</li>
 * <li>A kernel named with {@code --kernel FILE} boots if it can; if it fails, boot says why and goes on with
 * {@code stand/vmunix}. Nothing is renamed for a named kernel.</li>
 * <li>Without {@code stand/vmunix}, boot loads the modules the modules' system files configure statically, as before
 * kernel files existed.</li>
 * <li>{@code stand/vmunix} boots when it parses, each static module's image in its module set and in the catalog has
 * the SHA-256 the kernel recorded, its tunables are sound (they become the kernel's current values: names, formulas,
 * ranges), and each static module's {@code load} succeeds.</li>
 * <li>Else, what it loaded is unloaded and, when there is a backup {@code stand/vmunix.prev}, boot falls back to it
 * by itself: the failed kernel becomes {@code stand/vmunix.failed} (its module set {@code stand/dlkm.vmunix.failed}),
 * the backup becomes {@code stand/vmunix}, and that boots. When the backup fails too, or there is none, boot loads
 * the modules configured statically by their system files, and says so.</li>
 * </ol>
 * Every decision is returned as a line for the console and the log.
 *
 * <p>Runs on the boot thread only.
 */
public final class KernelFileBoot {

    /** How boot loads and unloads static modules; the kernel's loader in production, a fake in tests. */
    public interface StaticLoader {
        /** Loads a static module whose dependencies are loaded. */
        void load(String module) throws KernelException;

        /** Force-unloads modules loaded by a failed attempt, newest first. */
        void unload(List<String> modules);

        /** @return the registered image of a module, if registered */
        Optional<Path> registeredImage(String module);

        /** Loads the modules the modules' system files configure statically. @return the failures */
        List<String> configuredStatic();

        /**
         * Makes the kernel file's tunable values the kernel's, before its static modules load.
         *
         * @return why they cannot be (an unknown name, a value out of range); empty once they are
         */
        Optional<String> tunables(Path kernelFile, List<SystemDescription.Tunable> tunables);
    }

    private final KernelPaths paths;
    private final KernelMoves moves;
    private final StaticLoader loader;
    /** Written by the boot thread, read by commands. */
    private volatile Optional<Path> booted = Optional.empty();

    public KernelFileBoot(KernelPaths paths, StaticLoader loader) {
        this.paths = paths;
        this.moves = new KernelMoves(paths.moves());
        this.loader = loader;
    }

    /** @return the kernel file the kernel booted from, if one */
    public Optional<Path> booted() {
        return booted;
    }

    /**
     * What must happen before any command can run (the runtime calls it before it registers its services): removes
     * what interrupted writes left, writes a missing {@code stand/system}, and completes a pending moves journal.
     * A command writing a temporary file while this ran would otherwise lose it.
     *
     * @return what was done, one line each
     */
    public List<String> prepare() {
        List<String> report = new ArrayList<>();
        try {
            Optional<KernelMoves.Journal> j = moves.pending();
            if (j.isPresent() && moves.complete()) {
                report.add("completed the kernel moves of " + j.get().title() + " (" + paths.moves() + ")");
            }
        } catch (IOException e) {
            report.add(paths.moves() + ": cannot complete the kernel moves: " + Causes.ofFile(e));
        }
        // after the moves: a kill between kmupdate's "stand/system to stand/system.prev" and its next move leaves
        // no stand/system, and an empty one written first would be moved over the kept one when the journal goes on
        if (!Files.exists(paths.system())) {
            try {
                new SystemDescription(List.of(), List.of()).write(paths.system());
            } catch (KernelException e) {
                report.add(e.getMessage());
            }
        }
        // after the moves: a write into a built module set that a kill interrupted (kmtune carrying an edit into
        // the system file a pending kmupdate installs) left its temporary file there, and the moves carried it along
        removeTemporaries(report);
        return report;
    }

    /**
     * Loads the static modules of the kernel file, falling back as the class comment says; {@link #prepare} ran
     * before.
     *
     * @param named the kernel file {@code --kernel} names, if any
     * @return what boot did or met, one line each
     */
    public List<String> boot(Optional<Path> named) {
        List<String> report = new ArrayList<>();
        if (named.isPresent()) {
            Optional<String> failure = attempt(named.get());
            if (failure.isEmpty()) {
                return report;
            }
            report.add("the kernel " + named.get() + " failed to boot: " + failure.get() + "; booting "
                    + paths.kernel() + " instead");
        }
        if (!Files.exists(paths.kernel())) {
            report.addAll(loader.configuredStatic());
            return report;
        }
        Optional<String> failure = attempt(paths.kernel());
        if (failure.isEmpty()) {
            return report;
        }
        report.add("the kernel " + paths.kernel() + " failed to boot: " + failure.get());
        if (Files.exists(paths.previous())) {
            try {
                fallBack();
                report.add("fell back to the backup kernel " + paths.previous() + ", now " + paths.kernel()
                        + "; the kernel that failed is kept as " + paths.failed());
                failure = attempt(paths.kernel());
                if (failure.isEmpty()) {
                    return report;
                }
                report.add("the backup kernel failed to boot too: " + failure.get());
            } catch (IOException e) {
                report.add("cannot fall back to " + paths.previous() + ": " + Causes.ofFile(e));
            }
        } else {
            report.add("there is no backup kernel " + paths.previous() + " to fall back to");
        }
        report.add("booting the modules that their system files configure statically instead");
        report.addAll(loader.configuredStatic());
        return report;
    }

    /**
     * Removes what interrupted writes left in {@code stand/}, {@code stand/build/}, the kernel's module set and the
     * built kernel's.
     */
    private void removeTemporaries(List<String> report) {
        for (Path dir : List.of(paths.kernel().getParent(), paths.build(), paths.moduleSet(paths.kernel()),
                paths.moduleSet(paths.builtKernel()))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(AtomicFiles::isTemporary).toList()) {
                    KernelMoves.deleteTree(p);
                    report.add("removed " + p + ", left by a write that was interrupted");
                }
            } catch (IOException e) {
                report.add(dir + ": cannot remove what interrupted writes left: " + Causes.ofFile(e));
            }
        }
    }

    private void fallBack() throws IOException {
        Path set = paths.moduleSet(paths.kernel());
        Path failedSet = paths.moduleSet(paths.failed());
        moves.run("boot: fall back to " + paths.previous(), List.of(
                Op.delete(paths.failed()), Op.delete(failedSet),
                Op.move(set, failedSet), Op.move(paths.kernel(), paths.failed()),
                Op.move(paths.moduleSet(paths.previous()), set), Op.move(paths.previous(), paths.kernel())));
    }

    /** @return why the kernel did not boot; empty if it did */
    Optional<String> attempt(Path file) {
        KernelFile kernel;
        try {
            kernel = KernelFile.read(file);
        } catch (KernelException e) {
            return Optional.of(e.getMessage() + " (" + Errno.nameOf(e.number()) + ")");
        }
        Optional<String> problem = kernel.checkModuleSet(paths.moduleSet(file));
        if (problem.isPresent()) {
            return problem;
        }
        for (KernelFile.Image m : kernel.modules()) {
            Optional<Path> image = loader.registeredImage(m.name());
            if (image.isEmpty()) {
                return Optional.of("static module " + m.name() + " is not registered (kminstall -d deleted it?)");
            }
            try {
                String sha = FileDigest.sha256(image.get());
                if (!sha.equals(m.sha256())) {
                    return Optional.of("static module " + m.name() + ": its registered image " + image.get()
                            + " changed since the kernel was built (SHA-256 " + sha + ", built with " + m.sha256()
                            + "); rebuild the kernel with mk_kernel");
                }
            } catch (NoSuchFileException e) {
                return Optional.of("static module " + m.name() + ": its image " + image.get() + " is missing");
            } catch (IOException e) {
                return Optional.of("static module " + m.name() + ": " + image.get() + ": " + Causes.ofFile(e));
            }
        }
        Optional<String> tuned = loader.tunables(file, kernel.tunables());
        if (tuned.isPresent()) {
            return tuned;
        }
        List<String> loaded = new ArrayList<>();
        for (String name : kernel.names()) {
            try {
                loader.load(name);
                loaded.add(name);
            } catch (KernelException e) {
                loader.unload(loaded);
                return Optional.of("static module " + name + ": " + e.getMessage() + " ("
                        + Errno.nameOf(e.number()) + ")");
            }
        }
        booted = Optional.of(file);
        return Optional.empty();
    }
}
