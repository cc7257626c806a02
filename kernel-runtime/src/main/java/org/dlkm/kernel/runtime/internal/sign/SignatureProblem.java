package org.dlkm.kernel.runtime.internal.sign;

/**
 * Why a module jar is refused while signatures are enforced, without the jar's name or the errno: the reason that
 * {@link ModuleSignatures} completes into the refusal an administrator reads.
 *
 * <p>Confined to the thread that checks the jar.
 */
final class SignatureProblem extends Exception {
    private static final long serialVersionUID = 1L;

    SignatureProblem(String reason) {
        super(reason);
    }

    SignatureProblem(String reason, Throwable cause) {
        super(reason, cause);
    }
}
