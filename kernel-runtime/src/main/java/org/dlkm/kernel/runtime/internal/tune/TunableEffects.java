package org.dlkm.kernel.runtime.internal.tune;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the tune room asks of the rest of the kernel to say when a planned value takes effect, and which value a
 * module's static tunable has now: whether the kernel boots from a kernel file (whose own values win over
 * {@code stand/system}'s), whether a module is configured statically (its values come with a kernel build), and
 * whether it is loaded (it then runs with the values it was loaded with).
 *
 * <p>Threading: called under the {@link TunableStore}'s monitor; an implementation takes no lock the store's callers
 * could hold in the other order.
 */
public interface TunableEffects {
    /** A kernel without kernel files, whose modules are all loadable and none loaded: for unit tests. */
    TunableEffects NONE = new TunableEffects() {
        @Override
        public boolean bootsFromKernelFile() {
            return false;
        }

        @Override
        public boolean configuredStatically(String module) {
            return false;
        }

        @Override
        public boolean loaded(String module) {
            return false;
        }

        @Override
        public Optional<Path> pendingSystemFile() {
            return Optional.empty();
        }
    };

    /** @return whether the next boot reads a kernel file ({@code stand/vmunix}, or one a {@code kmupdate} installs) */
    boolean bootsFromKernelFile();

    /**
     * @return whether the module is configured statically: its own system file says {@code $LOADABLE N}, or
     *     {@code stand/system} names it in {@code $STATIC}, or the running kernel loaded it as static
     */
    boolean configuredStatically(String module);

    /** @return whether the module is loaded now */
    boolean loaded(String module);

    /**
     * @return the system file a pending {@code kmupdate} makes {@code stand/system} at the next shutdown, if any:
     *     {@code kmtune} makes its edits of {@code stand/system} there too, so that they are not lost at the moves
     */
    Optional<Path> pendingSystemFile();
}
