package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionControl_ProfileTest {

    private final KeyPipe keys = new KeyPipe();
    private final SessionControl control = new SessionControl();

    @Test
    void exitEndsTheShellsInputAndKeepsTheStatus() throws Exception {
        KeyPipe.Feed feed = keys.open();
        control.readingFrom(feed);

        control.exit("3");

        assertTrue(control.exited());
        assertEquals(3, control.status());
        assertEquals(-1, feed.read());
    }

    @Test
    void exitWithoutAStatusIsZero() {
        control.exit();

        assertEquals(0, control.status());
    }

    @Test
    void somethingThatIsNotAStatusIsRefusedAndTheSessionGoesOn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> control.exit("soon"));

        assertEquals("exit: 'soon' is not an exit status (a whole number from 0 to 255)", e.getMessage());
        assertFalse(control.exited());
        assertThrows(IllegalArgumentException.class, () -> control.exit(256));
    }

    @Test
    void exitSilencesTheScreenBeforeItEndsTheInput() {
        boolean[] silenced = new boolean[1];
        control.onExit(() -> silenced[0] = true);

        control.exit();

        assertTrue(silenced[0]);
    }

    @Test
    void gogosDefaultCommandSaysAnUnknownCommandAsScriptsSayIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> control.commandNotFound("kmadmn", java.util.Set.of("dlkm:kmadmin", "felix:lb")));

        assertEquals("dlkm: kmadmn: command not found; did you mean kmadmin?", e.getMessage());
        assertEquals(e.getMessage(), e.toString(), "the interactive shell prints a failure's toString()");
        assertFalse(control.exited());
    }
}
