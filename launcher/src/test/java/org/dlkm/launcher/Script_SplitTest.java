package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class Script_SplitTest {

    @Test
    void semicolonsSeparateCommandsAndSpacesAroundThemGo() {
        assertEquals(List.of("lb", "echo hi", "vmkload_mod -l"), Script.split(" lb ;echo hi;  vmkload_mod -l "));
    }

    @Test
    void blankCommandsAreDropped() {
        assertEquals(List.of("lb", "echo"), Script.split(";lb;; ;echo;"));
        assertEquals(List.of(), Script.split("  "));
    }

    @Test
    void aSemicolonInsideSingleOrDoubleQuotesStaysInTheCommand() {
        assertEquals(List.of("echo 'a;b'", "echo \"c;d\""), Script.split("echo 'a;b'; echo \"c;d\""));
    }

    @Test
    void aQuoteOfTheOtherKindInsideQuotesDoesNotCloseThem() {
        assertEquals(List.of("echo \"it's; fine\"", "lb"), Script.split("echo \"it's; fine\"; lb"));
    }

    @Test
    void anEscapedSemicolonStaysEscapedForGogo() {
        assertEquals(List.of("echo a\\;b", "lb"), Script.split("echo a\\;b; lb"));
    }

    @Test
    void anEscapedQuoteInDoubleQuotesDoesNotEndThem() {
        assertEquals(List.of("echo \"a\\\";b\"", "lb"), Script.split("echo \"a\\\";b\"; lb"));
    }

    @Test
    void aBackslashInSingleQuotesIsLiteralAsInGogo() {
        assertEquals(List.of("echo 'a\\'", "lb"), Script.split("echo 'a\\'; lb"));
    }

    @Test
    void semicolonsInsideClosuresListsAndSubExpressionsBelongToThem() {
        assertEquals(List.of("each [1 2] { echo $it; echo x }", "(echo a; echo b)", "lb"),
                Script.split("each [1 2] { echo $it; echo x }; (echo a; echo b); lb"));
    }

    @Test
    void newlinesSeparateCommandsLikeSemicolons() {
        assertEquals(List.of("lb", "echo hi"), Script.split("lb\necho hi\n"));
    }

    @Test
    void anUnclosedQuoteKeepsTheRestAsOneCommandForGogoToReport() {
        assertEquals(List.of("echo 'a; b"), Script.split("echo 'a; b"));
    }

    @Test
    void blankLinesAndCommentsOfAStdinScriptAreNotCommands() {
        assertNull(Script.commandOnLine("   "));
        assertNull(Script.commandOnLine("  # load the drivers"));
        assertEquals("vmkload_mod e100", Script.commandOnLine("  vmkload_mod e100 \t"));
    }

    @Test
    void aStdinScriptGivesOneCommandPerLine() {
        BufferedReader reader = new BufferedReader(new StringReader("lb\n\n# comment\n echo a; echo b \n"));
        List<String> commands = new ArrayList<>();
        Script.lines(reader).forEach(commands::add);

        assertEquals(List.of("lb", "echo a; echo b"), commands);
    }
}
