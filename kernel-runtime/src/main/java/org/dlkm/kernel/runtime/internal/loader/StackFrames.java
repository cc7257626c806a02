package org.dlkm.kernel.runtime.internal.loader;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a thread is, in words, for messages about module code that runs too long or outlives its module: the top
 * frames of its stack, down to the kernel code that called the module.
 *
 * <p>Stateless; safe from any thread.
 */
final class StackFrames {
    /** How many frames a message names. */
    static final int SHOWN = 5;

    private StackFrames() {
    }

    /**
     * @param stack a thread's stack, top first
     * @param callers classes whose frames, and every frame below them, are the kernel calling the module
     * @return {@code java.lang.Thread.sleep(Native Method) <- org.example.Module.load(Module.java:28)}, at most
     *         {@value #SHOWN} frames, or {@code an unknown place} for an empty stack
     */
    static String describe(StackTraceElement[] stack, List<String> callers) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            if (frames.size() == SHOWN || isCaller(frame.getClassName(), callers)) {
                break;
            }
            frames.add(frame.getClassName() + "." + frame.getMethodName() + "("
                    + (frame.isNativeMethod() ? "Native Method" : frame.getFileName() + ":" + frame.getLineNumber())
                    + ")");
        }
        return frames.isEmpty() ? "an unknown place" : String.join(" <- ", frames);
    }

    private static boolean isCaller(String className, List<String> callers) {
        for (String caller : callers) {
            if (className.equals(caller) || className.startsWith(caller + "$")) {
                return true;
            }
        }
        return false;
    }
}
