package org.dlkm.kernel.runtime.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StrictTextTest {

    /** The exception a caller of {@link StrictText#utf8} makes: the line and the reason, as the formats print them. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(int line, String reason) {
            super("line " + line + ": " + reason);
        }
    }

    private static String utf8(byte[] bytes) throws Refused {
        return StrictText.utf8(bytes, Refused::new);
    }

    @Test
    void utf8TextIsDecoded() throws Exception {
        assertEquals("* réseau µs\n$VERSION\n", utf8("* réseau µs\n$VERSION\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("", utf8(new byte[0]));
    }

    @Test
    void aByteThatIsNotUtf8IsNamedWithItsLineAndPlace() {
        byte[] latin1 = "* e100\n$TYPE\n* r\u00e9seau\n".getBytes(StandardCharsets.ISO_8859_1);

        Refused e = assertThrows(Refused.class, () -> utf8(latin1));

        assertEquals("line 3: byte 0xE9 at byte 4 of the line is not UTF-8; save the file as UTF-8", e.getMessage());
    }

    @Test
    void aSequenceCutShortAtTheEndIsNotUtf8() {
        byte[] cut = {'a', '\n', (byte) 0xE2, (byte) 0x82};

        Refused e = assertThrows(Refused.class, () -> utf8(cut));

        assertEquals("line 2: byte 0xE2 at byte 1 of the line is not UTF-8; save the file as UTF-8", e.getMessage());
    }

    @Test
    void aUtf16FileIsNamedAsSuch() {
        byte[] utf16 = "$VERSION\n".getBytes(StandardCharsets.UTF_16);

        Refused e = assertThrows(Refused.class, () -> utf8(utf16));

        assertEquals("line 1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
                e.getMessage());
    }

    @Test
    void printableAsciiAndTabsHaveNothingToReport() {
        assertEquals(Optional.empty(), StrictText.firstNonAscii("e100\twsio_class  -1 ~!"));
    }

    @Test
    void theFirstCharacterOutsidePrintableAsciiIsNamedWithItsColumn() {
        assertEquals(Optional.of("U+00A0 NO-BREAK SPACE at column 5"), StrictText.firstNonAscii("e100\u00a0wsio_class"));
        assertEquals(Optional.of("U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark) at column 1"),
                StrictText.firstNonAscii("\ufeff$VERSION"));
        assertEquals(Optional.of("U+0000 NULL at column 2"), StrictText.firstNonAscii("a\0b"));
    }

    @Test
    void columnsCountCharactersNotUtf16Units() {
        assertEquals(Optional.of("U+1D7D1 MATHEMATICAL BOLD DIGIT THREE at column 2"),
                StrictText.firstNonAscii("1\ud835\udfd1"));
    }

    @Test
    void aQuotedValueNamesTheCharacterThatIsNotAscii() {
        assertEquals("'3'", StrictText.quoted("3"));
        assertEquals("'٣' (U+0663 ARABIC-INDIC DIGIT THREE)", StrictText.quoted("٣"));
        assertEquals("'1３' (U+FF13 FULLWIDTH DIGIT THREE at column 2)", StrictText.quoted("1３"));
    }
}
