package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScriptRunner_ExitStatusTest {

    /** Runs "ok X" (value X), "void" (no value), "fail M" (throws M), "bare" (throws without message). */
    private static class FakeSession implements ShellSession {
        final List<String> executed = new ArrayList<>();
        final Map<String, Object> variables = new HashMap<>();

        @Override
        public Object execute(String command) throws Exception {
            executed.add(command);
            if (command.startsWith("ok ")) {
                return command.substring(3);
            }
            if (command.startsWith("fail ")) {
                throw new IllegalArgumentException(command.substring(5));
            }
            if (command.equals("bare")) {
                throw new IllegalStateException();
            }
            return null;
        }

        @Override
        public CharSequence format(Object value) {
            return "<" + value + ">";
        }

        @Override
        public void put(String name, Object value) {
            variables.put(name, value);
        }

        @Override
        public Object get(String name) {
            return variables.get(name);
        }
    }

    private final FakeSession session = new FakeSession();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(boolean stopOnFailure, boolean verbose, String... commands) {
        return new ScriptRunner(session, print(out), print(err), stopOnFailure, false, verbose)
                .run(List.of(commands));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void allSucceedingIsStatusZeroWithEachValueFormattedOnItsLine() {
        assertEquals(0, run(false, false, "ok a", "void", "ok b"));

        assertEquals("<a>\n<b>\n", text(out));
        assertEquals("", text(err));
    }

    @Test
    void aFailureIsStatusOneItsMessageOnStderrAndTheScriptGoesOn() {
        assertEquals(1, run(false, false, "fail Command not found: nosuchcmd", "ok after"));

        assertEquals("<after>\n", text(out));
        assertEquals("dlkm: nosuchcmd: command not found\n", text(err));
    }

    @Test
    void withStopOnFailureNothingRunsAfterTheFirstFailure() {
        assertEquals(1, run(true, false, "ok a", "fail boom", "ok never"));

        assertEquals(List.of("ok a", "fail boom"), session.executed);
    }

    @Test
    void exitNEndsTheScriptWithNAsShDoes() {
        assertEquals(3, run(false, false, "ok a", "exit 3", "ok never"));

        assertEquals(List.of("ok a"), session.executed);
        assertEquals("<a>\n", text(out));
    }

    @Test
    void exitAloneEndsTheScriptWithTheStatusSoFar() {
        assertEquals(1, run(false, false, "fail boom", "exit", "ok never"));

        assertEquals(List.of("fail boom"), session.executed);
    }

    @Test
    void anExitStatusThatIsNotOneIsSaidAndEndsTheScriptWithTwo() {
        assertEquals(2, run(false, false, "exit 256", "ok never"));

        assertEquals("exit: '256' is not an exit status (a whole number from 0 to 255)\n", text(err));
        assertEquals(List.of(), session.executed);
    }

    @Test
    void aFailureWithoutMessageIsNamedByItsClass() {
        run(false, false, "bare");

        assertEquals("java.lang.IllegalStateException\n", text(err));
    }

    @Test
    void verboseAddsTheStackTraceAfterTheMessage() {
        run(false, true, "fail boom");

        String printed = text(err);
        assertTrue(printed.startsWith("boom\njava.lang.IllegalArgumentException: boom\n\tat "), printed);
    }

    @Test
    void aValueEndingInANewlineGetsNoSecondOne() {
        ShellSession table = new FakeSession() {
            @Override
            public CharSequence format(Object value) {
                return "ID|Name\n0|System Bundle\n";
            }
        };
        new ScriptRunner(table, print(out), print(err), false, false, false).run(List.of("ok lb"));

        assertEquals("ID|Name\n0|System Bundle\n", text(out));
    }

    @Test
    void traceEchoesEachCommandAfterThePromptBeforeItsOutputOrError() {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        PrintStream merged = print(both);

        int status = new ScriptRunner(session, merged, merged, false, true, false)
                .run(List.of("ok a", "fail boom", "void"));

        assertEquals(1, status);
        assertEquals("dlkm> ok a\n<a>\ndlkm> fail boom\nboom\ndlkm> void\n", text(both));
    }

    @Test
    void theLastValueAndTheLastFailureAreKeptLikeTheInteractiveShellDoes() {
        run(false, false, "ok a", "fail boom");

        assertEquals("a", session.variables.get("_"));
        assertEquals("boom", ((Exception) session.variables.get("exception")).getMessage());
    }

    @Test
    void noValueIsPrintedWhenGogoFormatIsOff() {
        session.variables.put(".Gogo.format", Boolean.FALSE);

        assertEquals(0, run(false, false, "ok a"));
        assertEquals("", text(out));
    }

    @Test
    void anEmptyScriptSucceeds() {
        assertEquals(0, run(true, false));
        assertSame(0, session.executed.size());
    }
}
