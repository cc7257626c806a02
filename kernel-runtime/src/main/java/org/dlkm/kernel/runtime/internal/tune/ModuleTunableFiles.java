package org.dlkm.kernel.runtime.internal.tune;

import java.util.List;
import java.util.Map;

import org.dlkm.kernel.KernelException;

/**
 * The modules' side of tunables: what each registered module's master file declares and its system file plans.
 * The catalog provides it; the unit tests provide a map.
 *
 * <p>Threading: called by {@link TunableStore} under its monitor; an implementation takes its own locks.
 */
interface ModuleTunableFiles {

    /**
     * One registered module's tunables.
     *
     * @param module its name
     * @param declarations what its master file's {@code $TUNABLE} declares
     * @param planned what its system file's {@code $TUNABLE} sets, by name as declared
     * @param registered the values of its static tunables registered with its image, by name as declared: what a
     *     load uses
     */
    record ModuleTunables(String module, List<TunableDeclaration> declarations, Map<String, Long> planned,
            Map<String, Long> registered) {
        /** A module whose registered values are the planned ones. */
        ModuleTunables(String module, List<TunableDeclaration> declarations, Map<String, Long> planned) {
            this(module, declarations, planned, planned);
        }
    }

    /** @return every registered, usable module that declares tunables, by name */
    List<ModuleTunables> modules();

    /**
     * @param module a module's name
     * @return whether the module may declare tunables: false lets a load of a module that declares none skip
     *     reading every module's declarations ({@link #modules}); this default says true
     */
    default boolean declaresTunables(String module) {
        return true;
    }

    /**
     * Rewrites a module's system file with these planned values, crash-safely.
     *
     * @param planned the values that differ from the defaults, by name as declared
     */
    void writePlanned(String module, Map<String, Long> planned) throws KernelException;

    /**
     * Rewrites modules' system files with these planned values and the kernel's system file with its text, all or
     * none even across a crash when the implementation can (the catalog's journal); this default writes them one
     * after the other.
     *
     * @param planned the values that differ from the defaults, by module, then by name as declared
     * @param kernelSystem the kernel's system file
     * @param kernelText its new content
     */
    default void writeTogether(Map<String, Map<String, Long>> planned, java.nio.file.Path kernelSystem,
            String kernelText) throws KernelException {
        KernelTunableFiles.write(kernelSystem, kernelText);
        for (Map.Entry<String, Map<String, Long>> m : planned.entrySet()) {
            writePlanned(m.getKey(), m.getValue());
        }
    }
}
