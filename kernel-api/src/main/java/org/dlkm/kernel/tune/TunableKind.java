package org.dlkm.kernel.tune;

/**
 * When a change to a tunable takes effect, as HP-UX 11i distinguishes them.
 *
 * <p>Immutable; safe from any thread.
 */
public enum TunableKind {
    /** Takes effect when the kernel next boots (a module's: when the module is next loaded). */
    STATIC,
    /** Can be changed in the running kernel at once ({@code kmtune -u}). */
    DYNAMIC,
    /** Tuned by the kernel itself as conditions change; the planned value is where it starts. */
    AUTOMATIC
}
