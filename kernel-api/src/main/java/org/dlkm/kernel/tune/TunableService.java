package org.dlkm.kernel.tune;

import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's tunables ({@code kmtune}). The kernel's own planned values live in a system file,
 * {@code stand/system} unless another is named; a module's in its own system file.
 *
 * <p>Threading: every method may be called from any thread; changes are serialised by the kernel.
 */
@ProviderType
public interface TunableService {

    /**
     * @param systemFile the kernel system file to read the kernel's planned values from; null for
     *        {@code stand/system}
     * @return every tunable, sorted by name (case ignored)
     * @throws KernelException {@code ENOENT} if the named system file does not exist, {@code EINVAL} if a file does
     *         not parse or a planned formula does not evaluate
     */
    List<TunableInfo> tunables(Path systemFile) throws KernelException;

    /**
     * Changes planned values: every edit is checked first (the name, the value, the range after evaluation, formula
     * cycles), and nothing is written unless all of them pass.
     *
     * @param edits the edits, in order; a later edit of the same tunable sees the earlier one
     * @param apply whether to apply dynamic tunables to the running kernel at once ({@code kmtune -u})
     * @param systemFile the kernel system file to change; null for {@code stand/system}
     * @return what each edit did, in order
     * @throws KernelException {@code ENOENT} for an unknown tunable, {@code EINVAL} for a value that is not an
     *         integer or formula, a formula with a cycle or an unknown name, {@code ERANGE} for a value out of range;
     *         each names the tunable, the value and the bound or reason
     */
    List<TunableChange> change(List<TunableEdit> edits, boolean apply, Path systemFile) throws KernelException;
}
