package org.dlkm.kernel.runtime.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class AsciiNumbersTest {

    @Test
    void decimalAndHexadecimalIntegersAreRead() {
        assertEquals(42, AsciiNumbers.integer("42"));
        assertEquals(16, AsciiNumbers.integer("0x10"));
        assertEquals(255, AsciiNumbers.integer("0XfF"));
        assertEquals(8, AsciiNumbers.integer("08"));
    }

    @Test
    void aSignMayComeBeforeTheNumberOrItsPrefix() {
        assertEquals(-5, AsciiNumbers.integer("-5"));
        assertEquals(5, AsciiNumbers.integer("+5"));
        assertEquals(-16, AsciiNumbers.integer("-0x10"));
        assertEquals(16, AsciiNumbers.integer("+0x10"));
    }

    @Test
    void theExtremesOfALongAreRead() {
        assertEquals(Long.MIN_VALUE, AsciiNumbers.integer("-9223372036854775808"));
        assertEquals(Long.MAX_VALUE, AsciiNumbers.integer("0x7fffffffffffffff"));
    }

    @Test
    void digitsOutsideAsciiAreRefusedWhereJavaWouldTakeThem() {
        assertEquals(3, Long.parseLong("٣"), "Java's own parser takes an Arabic-Indic three");
        for (String text : List.of("٣", "３", "1٣", "0x٣", "-３", "߃")) {
            assertThrows(NumberFormatException.class, () -> AsciiNumbers.integer(text), text);
        }
    }

    @Test
    void aSignAfterTheHexadecimalPrefixIsRefused() {
        for (String text : List.of("0x+5", "0x-1", "-0x-1", "+-5", "--5", "++5")) {
            assertThrows(NumberFormatException.class, () -> AsciiNumbers.integer(text), text);
        }
    }

    @Test
    void anythingButDigitsAfterTheSignAndPrefixIsRefused() {
        for (String text : List.of("", "+", "-", "0x", "-0x", " 5", "5 ", "1_000", "1e3", "5\u00a0", "0b101", "x10")) {
            assertThrows(NumberFormatException.class, () -> AsciiNumbers.integer(text), "'" + text + "'");
        }
    }

    @Test
    void aNumberTooLargeForALongIsRefused() {
        assertThrows(NumberFormatException.class, () -> AsciiNumbers.integer("9223372036854775808"));
        assertThrows(NumberFormatException.class, () -> AsciiNumbers.integer("0x10000000000000000"));
    }

    @Test
    void aDecimalIsDigitsAloneWithoutASign() {
        assertEquals(30, AsciiNumbers.decimal("30"));
        for (String text : List.of("", "+30", "-30", "0x1e", "٣٠", "３０", " 30")) {
            assertThrows(NumberFormatException.class, () -> AsciiNumbers.decimal(text), "'" + text + "'");
        }
    }
}
