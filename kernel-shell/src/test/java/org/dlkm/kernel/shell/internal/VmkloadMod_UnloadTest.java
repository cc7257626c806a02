package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;

class VmkloadMod_UnloadTest {

    private final FakeKernel kernel = new FakeKernel();
    private final VmkloadMod vmkloadMod = new VmkloadMod(kernel);

    @Test
    void dashUUnloadsTheNamedModule() {
        kernel.loaded.add(FakeKernel.module(3, "e100", "vmnic", 12, false, List.of("vmnic0")));

        String out = vmkloadMod.run("-u", "e100");

        assertEquals(List.of("e100"), kernel.unloads);
        assertEquals("Unloaded module e100 (ID 3)", out);
        assertEquals(List.of(), kernel.loads);
    }

    @Test
    void dashDashUnloadUnloadsTheNamedModule() {
        kernel.loaded.add(FakeKernel.module(3, "e100", "vmnic", 12, false, List.of("vmnic0")));

        assertEquals("Unloaded module e100 (ID 3)", vmkloadMod.run("--unload", "e100"));
    }

    @Test
    void theThreadsTheUnloadInterruptedAreNamedOnALineOfTheirOwn() {
        kernel.loaded.add(FakeKernel.module(4, "rogue", "rogue", 15, false, List.of()));
        kernel.interrupted = List.of("rogue-1", "dlkm-timer-2");

        assertEquals("Unloaded module rogue (ID 4)\nInterrupted threads still running at unload: rogue-1, dlkm-timer-2",
                vmkloadMod.run("-u", "rogue"));
    }

    @Test
    void theBinaryIsHandedToTheKernelAsTyped() {
        vmkloadMod.run("-u", "/usr/lib/vmware/vmkmod/e100.o");

        assertEquals(List.of("/usr/lib/vmware/vmkmod/e100.o"), kernel.unloads);
    }

    @Test
    void anUnloadTheKernelAcceptsForAModuleItCannotQueryPrintsNothing() {
        assertEquals("", vmkloadMod.run("-u", "e100.o"));
    }

    @Test
    void operandsAfterAnUnloadAreIgnored() {
        vmkloadMod.run("-u", "e100", "aic7xxx", "vmhba");

        assertEquals(List.of("e100"), kernel.unloads);
        assertEquals(List.of(), kernel.loads);
    }

    @Test
    void aRefusedUnloadIsReportedWithTheKernelsCode() {
        kernel.loaded.add(FakeKernel.module(1, "vmklinux", "vmklinux", 11, true, List.of()));
        KernelException busy = new KernelException(Errno.EBUSY,
                "vmklinux is busy: e100 depends on it; unload e100 first");
        kernel.refusal = busy;

        CommandFailure f = assertThrows(CommandFailure.class, () -> vmkloadMod.run("-u", "vmklinux"));

        assertEquals("vmkload_mod: vmklinux is busy: e100 depends on it; unload e100 first (EBUSY)", f.getMessage());
        assertEquals(Errno.EBUSY, f.errno());
        assertSame(busy, f.getCause());
    }

    @Test
    void unloadingWhatIsNotLoadedIsNoSuchModule() {
        kernel.refusal = new KernelException(Errno.ENOENT, "no module tulip is loaded");

        CommandFailure f = assertThrows(CommandFailure.class, () -> vmkloadMod.run("-u", "tulip"));

        assertEquals("vmkload_mod: no module tulip is loaded (ENOENT)", f.getMessage());
        assertEquals(Errno.ENOENT, f.errno());
    }
}
