package org.dlkm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class Errno_NumberTest {

    @Test
    void aNumberWithANameIsFoundAsItsCode() {
        assertEquals(Optional.of(Errno.EBUSY), Errno.find(16));
        assertEquals(Optional.of(Errno.EPERM), Errno.find(1));
    }

    @Test
    void aNumberWithoutANameIsNotFound() {
        assertTrue(Errno.find(99).isEmpty());
        assertTrue(Errno.find(-16).isEmpty());
    }

    @Test
    void everyCodeIsFoundByItsOwnNumber() {
        for (Errno e : Errno.values()) {
            assertEquals(Optional.of(e), Errno.find(e.number()), e.name());
        }
    }

    @Test
    void aNumberIsPrintedAsItsNameOrElseAsErrnoAndTheNumber() {
        assertEquals("EBUSY", Errno.nameOf(16));
        assertEquals("errno 99", Errno.nameOf(99));
        assertEquals("errno -16", Errno.nameOf(-16));
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedLookupStillAnswersEioForANumberWithoutAName() {
        assertEquals(Errno.EBUSY, Errno.of(16));
        assertEquals(Errno.EIO, Errno.of(99));
    }
}
