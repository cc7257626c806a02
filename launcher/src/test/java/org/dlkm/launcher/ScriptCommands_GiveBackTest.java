package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Test;

class ScriptCommands_GiveBackTest {

    @Test
    void commandsGivenBackComeAgainFirstInTheirOrder() {
        ScriptCommands commands = new ScriptCommands(List.of("a", "b", "c", "d").iterator());
        commands.next();
        commands.next();
        commands.next();

        commands.giveBack(List.of("b", "c"));

        assertEquals(List.of("b", "c", "d"), drain(commands));
    }

    @Test
    void withoutReadAheadTheSourceIsReadOneCommandAtATime() {
        List<String> read = new ArrayList<>();
        Iterator<String> source = List.of("a", "b").stream().peek(read::add).iterator();
        ScriptCommands commands = new ScriptCommands(source);

        commands.next();

        assertEquals(List.of("a"), read);
    }

    @Test
    void aReaderWaitingForACommandCanBeInterruptedWithoutLosingIt() throws Exception {
        BlockingQueue<String> typed = new LinkedBlockingQueue<>();
        ScriptCommands commands = new ScriptCommands(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                try {
                    return typed.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        commands.readAhead();
        String[] got = new String[1];
        Thread waiting = new Thread(() -> {
            try {
                got[0] = commands.nextInterruptibly();
            } catch (InterruptedException e) {
                got[0] = null;
            }
        });
        waiting.start();
        waiting.interrupt();
        waiting.join();
        typed.add("later");

        assertNull(got[0]);
        assertEquals("later", commands.next());
    }

    @Test
    void aSourceThatDoesNotTellInTimeCountsAsEnded() throws Exception {
        ScriptCommands commands = new ScriptCommands(new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }

            @Override
            public String next() {
                throw new UnsupportedOperationException();
            }
        });
        commands.readAhead();

        assertFalse(commands.hasNext(50));
    }

    private static List<String> drain(Iterator<String> commands) {
        List<String> all = new ArrayList<>();
        commands.forEachRemaining(all::add);
        return all;
    }
}
