package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class UnknownCommand_DescribeTest {
    private static final List<String> COMMANDS = List.of("dlkm:kmadmin", "dlkm:kmsystem", "dlkm:vmkload_mod",
            "felix:lb", "gogo:kmadmix", "dlkm:__complete_setup", "gogo:__files");

    @Test
    void anUnknownCommandIsSaidAsAUnixShellSaysItWithTheNearestDlkmCommand() {
        assertEquals(Optional.of("dlkm: kmadmn: command not found; did you mean kmadmin?"),
                UnknownCommand.describe("Command not found: kmadmn", COMMANDS));
    }

    @Test
    void nothingIsSuggestedWhenNoDlkmCommandIsClose() {
        assertEquals(Optional.of("dlkm: frobnicate: command not found"),
                UnknownCommand.describe("Command not found: frobnicate", COMMANDS));
    }

    @Test
    void onlyDlkmCommandsAreSuggested() {
        assertEquals(Optional.of("dlkm: lbb: command not found"),
                UnknownCommand.describe("Command not found: lbb", COMMANDS));
    }

    @Test
    void internalFunctionsAreNeverSuggested() {
        assertEquals("dlkm: __file: command not found", UnknownCommand.notFound("__file", COMMANDS));
        assertEquals("dlkm: __complete_setu: command not found", UnknownCommand.notFound("__complete_setu", COMMANDS));
    }

    @Test
    void otherFailuresAreLeftAsTheyAre() {
        assertTrue(UnknownCommand.describe("kmadmin: -L needs a module_name", COMMANDS).isEmpty());
        assertTrue(UnknownCommand.describe(null, COMMANDS).isEmpty());
    }

    @Test
    void theDistanceCountsSingleCharacterEdits() {
        assertEquals(0, UnknownCommand.distance("kmadmin", "kmadmin"));
        assertEquals(1, UnknownCommand.distance("kmadmn", "kmadmin"));
        assertEquals(2, UnknownCommand.distance("kmadnim", "kmadmin"));
    }
}
