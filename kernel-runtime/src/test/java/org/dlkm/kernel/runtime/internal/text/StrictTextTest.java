package org.dlkm.kernel.runtime.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class StrictTextTest {

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
