package org.dlkm.kernel.runtime.internal.config;

import java.nio.file.Path;

/**
 * Where the kernel files of a home are. The kernel's module set sits beside its kernel file as
 * {@code dlkm.<kernel file name>} ({@code stand/build/dlkm.vmunix_test}, {@code stand/dlkm.vmunix.prev}), except the
 * running kernel's, {@code stand/dlkm/vmunix.d}: {@code stand/dlkm/} also holds the catalog's registered images
 * ({@code mod.d/}) and its journal, which the kernel moves must never touch, so the kernel's module set is a
 * directory of its own in it.
 *
 * @param root the kernel home
 */
public record KernelPaths(Path root) {
    /**
     * The name of the copy of the system file a kernel was built from, in its module set, when that was not
     * {@code stand/system}: {@code kmupdate} makes it {@code stand/system}.
     */
    public static final String SYSTEM_COPY = "system";

    /** @return {@code stand/vmunix}, the kernel boot reads */
    public Path kernel() {
        return root.resolve("stand/vmunix");
    }

    /** @return {@code stand/vmunix.prev}, the backup kernel */
    public Path previous() {
        return root.resolve("stand/vmunix.prev");
    }

    /** @return {@code stand/vmunix.failed}, the kernel that failed to boot */
    public Path failed() {
        return root.resolve("stand/vmunix.failed");
    }

    /** @return {@code stand/system}, the kernel's system file */
    public Path system() {
        return root.resolve("stand/system");
    }

    /** @return {@code stand/system.prev}, the system file before the last {@code kmupdate} replaced it */
    public Path previousSystem() {
        return root.resolve("stand/system.prev");
    }

    /** @return {@code stand/build}, the build directory */
    public Path build() {
        return root.resolve("stand/build");
    }

    /** @return {@code stand/build/vmunix_test}, the kernel {@code mk_kernel} builds */
    public Path builtKernel() {
        return build().resolve("vmunix_test");
    }

    /** @return {@code stand/build/system}, the system file {@code mk_kernel} reads by default */
    public Path buildSystem() {
        return build().resolve("system");
    }

    /** @return {@code stand/kernel.moves}, the journal of the kernel moves pending or under way */
    public Path moves() {
        return root.resolve("stand/kernel.moves");
    }

    /** @return the module set of a kernel file */
    public Path moduleSet(Path kernelFile) {
        Path file = kernelFile.toAbsolutePath().normalize();
        if (file.equals(kernel().toAbsolutePath().normalize())) {
            return root.resolve("stand/dlkm/vmunix.d");
        }
        return file.resolveSibling("dlkm." + file.getFileName());
    }
}
