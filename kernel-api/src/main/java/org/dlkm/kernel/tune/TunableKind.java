package org.dlkm.kernel.tune;

/**
 * When a change to a tunable takes effect, as HP-UX 11i distinguishes them.
 *
 * <p>Immutable; safe from any thread.
 */
public enum TunableKind {
    /**
     * Takes effect when the kernel next boots, or once a kernel built with it is installed and booted when the kernel
     * boots from a kernel file; a module's when its image is next configured and registered ({@code config -M name
     * -u}), see {@link TunableChange.Effect}.
     */
    STATIC,
    /** Can be changed in the running kernel at once ({@code kmtune -u}). */
    DYNAMIC,
    /** Tuned by the kernel itself as conditions change; the planned value is where it starts. */
    AUTOMATIC
}
