package org.dlkm.kernel.runtime.internal.master;

import java.util.Optional;

/**
 * The DLKM module types a master file's {@code $TYPE} section names, with the word the file uses and the label
 * {@code kmadmin -Q} prints ("WSIO", "STREAMS" or "Misc").
 *
 * <p>Immutable and safe to share between threads.
 */
public enum ModuleType {
    /** A WSIO class driver: a device driver whose opens the kernel tracks. */
    WSIO_CLASS("wsio_class", "WSIO", true),
    /** A WSIO interface driver: drives an interface card for class drivers. */
    WSIO_INTFC("wsio_intfc", "WSIO", false),
    /** A STREAMS driver: manages hardware; the kernel tracks its opens. */
    STREAMS_DRV("streams_drv", "STREAMS", true),
    /** A STREAMS module: pushed onto a stream, drives no hardware. */
    STREAMS_MOD("streams_mod", "STREAMS", false),
    /** A miscellaneous module: support code shared among other modules. */
    MISC("misc", "Misc", false);

    private final String fileName;
    private final String label;
    private final boolean tracksOpens;

    ModuleType(String fileName, String label, boolean tracksOpens) {
        this.fileName = fileName;
        this.label = label;
        this.tracksOpens = tracksOpens;
    }

    /** @return the word the master file uses in its {@code $TYPE} section, such as {@code wsio_class} */
    public String fileName() {
        return fileName;
    }

    /** @return the label {@code kmadmin} prints: {@code WSIO}, {@code STREAMS} or {@code Misc} */
    public String label() {
        return label;
    }

    /**
     * @return whether the kernel counts opens of this module's devices and treats the module as busy while one is
     *         open (WSIO class drivers and STREAMS drivers, as the seed says)
     */
    public boolean tracksOpens() {
        return tracksOpens;
    }

    /**
     * @param word a word from a {@code $TYPE} line; case matters, as in the master file
     * @return the type it names, or empty if it names none
     */
    public static Optional<ModuleType> fromFileName(String word) {
        for (ModuleType t : values()) {
            if (t.fileName.equals(word)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** @return the words of all types, for messages: {@code wsio_class, wsio_intfc, ...} */
    static String allFileNames() {
        StringBuilder sb = new StringBuilder();
        for (ModuleType t : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(t.fileName);
        }
        return sb.toString();
    }
}
