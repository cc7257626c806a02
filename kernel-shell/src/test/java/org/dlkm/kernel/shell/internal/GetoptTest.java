package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GetoptTest {
    private static final Map<String, Character> LONG = Map.of("list", 'l', "device", 'd');
    private static final Map<Character, String> NAMES = Map.of('d', "a <bus:slot>");

    private static Getopt.Parsed parse(String... args) throws Getopt.BadOption {
        return Getopt.parse("lnevd:", LONG, NAMES, args);
    }

    @Test
    void clusteredFlagsAreEachAnOption() throws Exception {
        Getopt.Parsed p = parse("-ev", "vmklinux");
        assertTrue(p.has('e'));
        assertTrue(p.has('v'));
        assertEquals(List.of("vmklinux"), p.operands());
    }

    @Test
    void anOptionsArgumentMayBeAttachedOrTheNextWord() throws Exception {
        assertEquals(List.of("0:12", "0:13"), parse("-d0:12", "-d", "0:13").all('d'));
        assertEquals(List.of("0:12"), parse("-ed", "0:12").all('d'));
    }

    @Test
    void optionsMayComeInAnyOrderAndAfterOperands() throws Exception {
        Getopt.Parsed p = parse("e100", "-n", "-l");
        assertEquals(List.of("e100"), p.operands());
        assertEquals("-n -l", p.letters());
    }

    @Test
    void optionsFirstStopsAtTheFirstOperand() throws Exception {
        Getopt.Parsed p = Getopt.parseOptionsFirst("lnevd:", LONG, NAMES, "-e", "e100", "vmnic", "-v");
        assertTrue(p.has('e'));
        assertEquals(List.of("e100", "vmnic", "-v"), p.operands());
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        assertEquals(List.of("-n"), parse("--", "-n").operands());
    }

    @Test
    void longOptionsStandForTheirLetters() throws Exception {
        Getopt.Parsed p = parse("--list", "--device", "0:12");
        assertTrue(p.has('l'));
        assertEquals(List.of("0:12"), p.all('d'));
    }

    @Test
    void aLoneDashIsAnOperand() throws Exception {
        assertEquals(List.of("-"), parse("-").operands());
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        assertEquals("unknown option '-x'", assertThrows(Getopt.BadOption.class, () -> parse("-ex")).getMessage());
        assertEquals("unknown option '--all'", assertThrows(Getopt.BadOption.class, () -> parse("--all")).getMessage());
    }

    @Test
    void anOptionWithoutItsArgumentIsRefusedSayingWhatIsMissing() {
        assertEquals("-d without a <bus:slot>", assertThrows(Getopt.BadOption.class, () -> parse("-d")).getMessage());
        assertEquals("--device without a <bus:slot>",
                assertThrows(Getopt.BadOption.class, () -> parse("--device")).getMessage());
    }
}
