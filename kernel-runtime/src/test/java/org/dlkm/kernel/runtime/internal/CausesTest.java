package org.dlkm.kernel.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.UndeclaredThrowableException;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void aThrowableWithoutACauseIsItsClassAndMessage() {
        assertEquals("java.lang.IllegalStateException: the card is not ready",
                Causes.describe(new IllegalStateException("the card is not ready")));
        assertEquals("java.lang.StackOverflowError", Causes.describe(new StackOverflowError()));
    }

    @Test
    void aCauseTheMessageLeavesOutIsNamed() {
        Throwable t = new IllegalStateException("the card is not ready", new IOException("no BAR 0"));

        assertEquals("java.lang.IllegalStateException: the card is not ready; caused by java.io.IOException: no BAR 0",
                Causes.describe(t));
    }

    @Test
    void aCauseTheMessageAlreadyHoldsIsNotRepeated() {
        Throwable t = new UncheckedIOException(new IOException("no BAR 0"));

        assertEquals("java.io.UncheckedIOException: java.io.IOException: no BAR 0", Causes.describe(t));
    }

    @Test
    void aWrapperWithoutAMessageShowsWhatItWraps() {
        Throwable t = new UndeclaredThrowableException(new InterruptedException("stopped"));

        assertEquals("java.lang.reflect.UndeclaredThrowableException; caused by java.lang.InterruptedException: stopped",
                Causes.describe(t));
    }

    @Test
    void aStaticInitializerFailureShowsWhatTheInitializerThrew() {
        Throwable t = new ExceptionInInitializerError(new ArithmeticException("/ by zero"));

        assertEquals("java.lang.ExceptionInInitializerError; caused by java.lang.ArithmeticException: / by zero",
                Causes.describe(t));
    }

    @Test
    void aKernelRefusalIsItsMessageAlone() {
        Throwable t = new RuntimeException("probe failed", new KernelException(Errno.ENODEV, "e100: no device"));

        assertEquals("java.lang.RuntimeException: probe failed; caused by e100: no device", Causes.describe(t));
    }

    @Test
    void aCycleOfCausesEnds() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);

        assertEquals("java.lang.IllegalStateException: a; caused by java.lang.IllegalArgumentException: b",
                Causes.describe(a));
    }

    @Test
    void aFileFailureIsTheSystemsReasonNotTheFilesNameAlone() {
        assertEquals("no such file", Causes.ofFile(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("permission denied", Causes.ofFile(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("File name too long",
                Causes.ofFile(new java.nio.file.FileSystemException("/x", null, "File name too long")));
        assertEquals("java.io.IOException: disk gone", Causes.ofFile(new IOException("disk gone")));
    }
}
