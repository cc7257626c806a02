package org.dlkm.kernel.runtime.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.Causes;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.catalog.FileDigest;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl.Registered;
import org.dlkm.kernel.runtime.internal.catalog.RegisteredTunables;

/**
 * {@code mk_kernel}: parses the system file, resolves its static module set ({@link StaticSet}), evaluates its
 * tunables (names, formulas, ranges: the tune room's check), records each image's
 * SHA-256 and writes the kernel file with its module set. Nothing in the running kernel changes.
 *
 * <p>The writes are ordered so that a crash at any moment leaves the old build, no build, or the new one, never a
 * kernel file with another build's module set that would pass as one: the new module set is written into a
 * temporary directory ({@code .dlkm.vmunix_test.<random>.tmp}, each file forced); the old kernel file is deleted; the
 * old set is deleted and the new one renamed into place; the kernel file is written last, crash-safely. Boot's
 * check removes a temporary directory a crash left. And {@code kmupdate} and boot check a module set against its
 * kernel file's checksums anyway.
 *
 * <p>A kernel built from a system file other than {@code stand/system} keeps a copy of it in its module set, as
 * {@code system} ({@link KernelPaths#SYSTEM_COPY}): {@code kmupdate} makes it {@code stand/system} at the shutdown
 * moves, so that the system file names what the kernel it boots was built from. The static tunables of each static
 * module are recorded in the kernel file's {@code $TUNABLE} after the kernel's, with the values its system file plans,
 * and boot uses them for those modules.
 *
 * <p>A {@code kmupdate} still pending for the kernel file being rebuilt is cancelled first, and the build says so:
 * the moves must never take a build that is half written.
 *
 * <p>Runs on the caller's thread; the caller serialises builds (the transition lock).
 */
final class KernelBuilder {
    private final StaticSet staticSet;
    private final KernelPaths paths;
    private final Function<Path, List<String>> tunables;

    /** @param tunables checks a system file's tunables: every problem, one line each (the tune room's) */
    KernelBuilder(StaticSet staticSet, KernelPaths paths, Function<Path, List<String>> tunables) {
        this.staticSet = staticSet;
        this.paths = paths;
        this.tunables = tunables;
    }

    List<String> build(Path systemFile, Path kernelFile) throws KernelException {
        List<String> steps = new ArrayList<>();
        SystemDescription system = SystemDescription.read(systemFile);
        steps.add("Read " + systemFile + ": " + system.staticModules().size() + " static module(s) named, "
                + system.tunables().size() + " tunable line(s)");
        List<String> fromModules = staticSet.configuredStatic();
        if (!fromModules.isEmpty()) {
            steps.add("Configured statically by their own system files: " + String.join(", ", fromModules));
        }
        StaticSet.Resolution resolution = staticSet.resolve(system.staticModules());
        List<String> errors = new ArrayList<>(resolution.errors());
        errors.addAll(tunables.apply(systemFile));
        if (!errors.isEmpty()) {
            int n = errors.size();
            throw new KernelException(Errno.ENOEXEC, "cannot build a kernel from " + systemFile + ":\n  "
                    + String.join("\n  ", errors) + "\n" + n + (n == 1 ? " error" : " errors")
                    + "; nothing was written");
        }
        steps.add("Evaluated the tunables: every formula and range holds");
        steps.add("Resolved the static module set, in load order: " + (resolution.order().isEmpty() ? "none"
                : String.join(", ", resolution.order().stream().map(Registered::name).toList())));
        List<KernelFile.Image> images = new ArrayList<>();
        Path set = paths.moduleSet(kernelFile);
        Path dir = set.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + set.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Optional<String> cancelled = new KernelMoves(paths.moves()).cancelIfMoving(List.of(kernelFile, set));
            if (cancelled.isPresent()) {
                steps.add("Cancelled the pending " + cancelled.get() + ": that kernel is rebuilt now; run kmupdate"
                        + " again to install the new one");
            }
            Files.createDirectories(dir);
            Files.createDirectory(temp);
            List<SystemDescription.Tunable> tunableLines = new ArrayList<>(system.tunables());
            for (Registered r : resolution.order()) {
                Path copy = temp.resolve(r.name() + ".jar");
                AtomicFiles.copy(r.image().path(), copy);
                String sha = FileDigest.sha256(copy);
                images.add(new KernelFile.Image(r.name(), sha));
                steps.add("  " + r.name() + ": image " + r.image().path().getFileName() + ", SHA-256 " + sha);
                Map<String, Long> statics = RegisteredTunables.planned(r.master(), r.system());
                statics.forEach((name, value) -> tunableLines.add(new SystemDescription.Tunable(name,
                        Long.toString(value))));
                if (!statics.isEmpty()) {
                    steps.add("    its static tunables, as its system file plans them: " + String.join(", ",
                            statics.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
                }
            }
            boolean keepsSystem = !systemFile.toAbsolutePath().normalize()
                    .equals(paths.system().toAbsolutePath().normalize());
            if (keepsSystem) {
                AtomicFiles.copy(systemFile, temp.resolve(KernelPaths.SYSTEM_COPY));
                steps.add("Kept a copy of " + systemFile + " in the module set: kmupdate makes it " + paths.system());
            }
            KernelFile kernel = new KernelFile(images, tunableLines);
            AtomicFiles.delete(kernelFile);
            KernelMoves.deleteTree(set);
            AtomicFiles.move(temp, set);
            kernel.write(kernelFile, systemFile.toString());
        } catch (IOException e) {
            try {
                KernelMoves.deleteTree(temp);
            } catch (IOException ignored) {
                // boot's check removes it
            }
            throw new KernelException(Errno.EIO, kernelFile + ": cannot write the kernel: " + Causes.ofFile(e), e);
        }
        steps.add("Wrote the kernel " + kernelFile + " and its module set " + set);
        return steps;
    }
}
