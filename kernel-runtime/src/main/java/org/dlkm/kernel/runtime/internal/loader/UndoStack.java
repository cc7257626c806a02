package org.dlkm.kernel.runtime.internal.loader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The steps of a transition that has not committed, each with how to undo it. A failed load unwinds the stack:
 * every step is undone, newest first, whatever the others throw.
 *
 * <p>Threading: confined to the thread running the transition.
 */
final class UndoStack {

    /** How to undo one step. */
    @FunctionalInterface
    interface Undo {
        void run() throws Exception;
    }

    private record Step(String what, Undo undo) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    /** Records a step that was done, and how to undo it. */
    void push(String what, Undo undo) {
        steps.push(new Step(what, undo));
    }

    /** @return whether no step is recorded */
    boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Forgets every step: the transition committed. */
    void clear() {
        steps.clear();
    }

    /**
     * Undoes every step, newest first. An undo that throws (anything, {@link Error}s included) does not stop the
     * others.
     *
     * @return one line per undo that failed; empty if all succeeded
     */
    List<String> unwind() {
        List<String> problems = new ArrayList<>();
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.undo().run();
            } catch (Throwable t) {
                problems.add("undoing '" + step.what() + "' failed: " + t);
            }
        }
        return problems;
    }
}
