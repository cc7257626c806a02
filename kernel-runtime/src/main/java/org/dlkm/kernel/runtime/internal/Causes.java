package org.dlkm.kernel.runtime.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.dlkm.kernel.KernelException;

/**
 * What a failure of module code says in a kernel message: the throwable and every cause its text does not already
 * hold, so that an {@link ExceptionInInitializerError}, or an exception whose own message leaves out the one it
 * wraps, does not hide the real reason.
 *
 * <p>Stateless: safe to call from any thread.
 */
public final class Causes {

    private Causes() {
    }

    /**
     * @param failure what was thrown
     * @return {@code failure.toString()} (the message alone for a {@link KernelException}), then
     *         {@code ; caused by <cause>} for each cause not already in the text, such as
     *         {@code java.lang.IllegalStateException: the card is not ready; caused by java.io.IOException: no BAR 0}
     */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(text(failure));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(failure);
        for (Throwable cause = failure.getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
            String causeText = text(cause);
            if (text.indexOf(causeText) < 0) {
                text.append("; caused by ").append(causeText);
            }
        }
        return text.toString();
    }

    /**
     * @param failure a failure to read or write a file
     * @return why, in the words of the system: {@code no such file}, {@code permission denied}, the reason the
     *         operating system gave (such as {@code File name too long}), else the exception itself; where
     *         {@link IOException#getMessage()} of a {@link NoSuchFileException} is only the file's name
     */
    public static String ofFile(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return describe(failure);
    }

    /** @return a kernel refusal's own message, which names its module; anything else with its class */
    private static String text(Throwable t) {
        return t instanceof KernelException && t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
