package org.dlkm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KernelException_NumberTest {

    @Test
    void aNamedCodeIsCarriedWithItsNumber() {
        KernelException e = new KernelException(Errno.EBUSY, "e100: module is busy");

        assertEquals(Errno.EBUSY, e.errno());
        assertEquals(16, e.number());
        assertEquals("e100: module is busy", e.getMessage());
    }

    @Test
    void aNumberWithANameIsTheSameAsItsCode() {
        KernelException e = new KernelException(16, "veto: the module refused to unload; it stays loaded");

        assertEquals(Errno.EBUSY, e.errno());
        assertEquals(16, e.number());
    }

    @Test
    void aNumberWithoutANameIsKeptAsItIs() {
        KernelException e = new KernelException(99, "veto: the module refused to unload; it stays loaded");

        assertEquals(99, e.number());
        assertEquals("errno 99", Errno.nameOf(e.number()));
    }

    @Test
    void theCodeOfANumberWithoutANameReadsAsAnIoError() {
        assertEquals(Errno.EIO, new KernelException(99, "refused").errno());
    }

    @Test
    void aCauseIsKeptWhateverTheCode() {
        Throwable cause = new IllegalStateException("ring full");

        assertSame(cause, new KernelException(Errno.ENOMEM, "e100: load failed", cause).getCause());
        assertSame(cause, new KernelException(99, "e100: load failed", cause).getCause());
    }

    @Test
    void zeroIsRefusedBecauseItMeansSuccess() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KernelException(0, "refused"));

        assertEquals("errno 0 means success, not a refusal", e.getMessage());
    }
}
