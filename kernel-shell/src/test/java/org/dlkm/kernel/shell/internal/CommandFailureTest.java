package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;

class CommandFailureTest {

    @Test
    void theMessageIsCommandColonMessageThenTheCodeInParentheses() {
        CommandFailure f = new CommandFailure("kmadmin", Errno.EINVAL, "unknown option '-x'");

        assertEquals("kmadmin: unknown option '-x' (EINVAL)", f.getMessage());
        assertEquals(Errno.EINVAL, f.errno());
        assertNull(f.getCause());
    }

    @Test
    void aKernelRefusalKeepsItsMessageAndCode() {
        KernelException refusal = new KernelException(Errno.EBUSY,
                "e100 is busy: vmnic0 is held by vm1; close the handle and retry");

        CommandFailure f = new CommandFailure("vmkload_mod", refusal);

        assertEquals("vmkload_mod: e100 is busy: vmnic0 is held by vm1; close the handle and retry (EBUSY)",
                f.getMessage());
        assertEquals(Errno.EBUSY, f.errno());
    }

    @Test
    void aKernelRefusalWithANumberErrnoHasNoNameForPrintsTheNumber() {
        KernelException veto = new KernelException(99, "veto: the module refused to unload; it stays loaded");

        CommandFailure f = new CommandFailure("vmkload_mod", veto);

        assertEquals("vmkload_mod: veto: the module refused to unload; it stays loaded (errno 99)", f.getMessage());
    }

    @Test
    void aKernelRefusalIsKeptAsTheCause() {
        KernelException refusal = new KernelException(Errno.ENOENT, "no module 'tulip'");

        assertSame(refusal, new CommandFailure("vmkload_mod", refusal).getCause());
    }

    @Test
    void aFailureIsUncheckedSoTheShellReportsIt() {
        RuntimeException f = new CommandFailure("kmtune", Errno.ERANGE, "nfile 0 is out of range");

        assertEquals("kmtune: nfile 0 is out of range (ERANGE)", f.getMessage());
    }
}
