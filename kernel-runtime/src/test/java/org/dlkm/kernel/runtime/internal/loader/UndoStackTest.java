package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class UndoStackTest {

    @Test
    void unwindUndoesEveryStepNewestFirst() {
        List<String> undone = new ArrayList<>();
        UndoStack stack = new UndoStack();
        stack.push("a", () -> undone.add("a"));
        stack.push("b", () -> undone.add("b"));
        stack.push("c", () -> undone.add("c"));
        assertEquals(List.of(), stack.unwind());
        assertEquals(List.of("c", "b", "a"), undone);
        assertTrue(stack.isEmpty());
    }

    @Test
    void anUndoThatThrowsAnErrorDoesNotStopTheOthersAndIsReported() {
        List<String> undone = new ArrayList<>();
        UndoStack stack = new UndoStack();
        stack.push("a", () -> undone.add("a"));
        stack.push("b", () -> {
            throw new StackOverflowError();
        });
        stack.push("c", () -> undone.add("c"));
        assertEquals(List.of("undoing 'b' failed: java.lang.StackOverflowError"), stack.unwind());
        assertEquals(List.of("c", "a"), undone);
    }

    @Test
    void aClearedStackUndoesNothing() {
        List<String> undone = new ArrayList<>();
        UndoStack stack = new UndoStack();
        stack.push("a", () -> undone.add("a"));
        stack.clear();
        stack.unwind();
        assertEquals(List.of(), undone);
    }
}
