package org.dlkm.kernel.runtime.internal.master;

import java.util.Optional;

/**
 * When a change to a tunable takes effect, as {@code kmtune} distinguishes them.
 *
 * <p>Immutable and safe to share between threads.
 */
public enum TunableClass {
    /** Takes effect when the next kernel configuration boots. */
    STATIC("static"),
    /** Takes effect at once. */
    DYNAMIC("dynamic"),
    /** Set by the kernel itself; an administrator's value is a starting point. */
    AUTOMATIC("automatic");

    private final String fileName;

    TunableClass(String fileName) {
        this.fileName = fileName;
    }

    /** @return the word a {@code $TUNABLE} line uses: {@code static}, {@code dynamic} or {@code automatic} */
    public String fileName() {
        return fileName;
    }

    /**
     * @param word the class field of a {@code $TUNABLE} line; case matters
     * @return the class it names, or empty if it names none
     */
    public static Optional<TunableClass> fromFileName(String word) {
        for (TunableClass c : values()) {
            if (c.fileName.equals(word)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
