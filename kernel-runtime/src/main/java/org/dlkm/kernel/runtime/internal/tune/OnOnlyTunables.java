package org.dlkm.kernel.runtime.internal.tune;

import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * The kernel tunables that, once on in the running kernel, stay on until the next boot, as Linux's
 * {@code module.sig_enforce}: {@code module_sig_enforce}. A protection that whoever can type {@code kmtune -u} could
 * lift at once would protect nothing against that person; what lowers it is a planned value taken at the next boot
 * ({@code kmtune -s module_sig_enforce=0}, then {@code reboot}), which leaves the record of a reboot.
 *
 * <p>So {@code kmtune -u} that edits such a tunable to a lower value is refused, and one that only applies the planned
 * values keeps the running value and reports the lower planned one as taking effect at the next boot. The planned
 * value itself ({@code kmtune -s} without {@code -u}, the system file) may be lowered: that is how it goes off.
 *
 * <p>Stateless; safe from any thread.
 */
final class OnOnlyTunables {
    private static final Set<String> NAMES = Set.of(KernelLimits.MODULE_SIG_ENFORCE);

    private OnOnlyTunables() {
    }

    /**
     * @param d a tunable
     * @param running its value in the running kernel
     * @param planned the value a {@code -u} would apply
     * @return whether the running kernel keeps its value: a kernel tunable of this kind that is on and would be lowered
     */
    static boolean keepsRunningValue(TunableDeclaration d, long running, long planned) {
        return d.module().isEmpty() && NAMES.contains(d.key()) && running != 0 && planned < running;
    }

    /**
     * @return the refusal of a {@code kmtune -u} that edits such a tunable to a lower value: nothing is written
     */
    static KernelException refusal(TunableDeclaration d, long running, String planned) {
        return new KernelException(Errno.EPERM, d.name() + ": " + planned + " is refused for the running kernel: "
                + d.name() + " is " + running + ", and once on it stays on until the next boot (as Linux's"
                + " module.sig_enforce), so that a shell cannot lift it at once; kmtune -s " + d.name() + "=" + planned
                + " without -u plans it for the next boot");
    }
}
