package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.junit.jupiter.api.Test;

class VmkloadMod_UsageTest {

    private final FakeKernel kernel = new FakeKernel();
    private final VmkloadMod vmkloadMod = new VmkloadMod(kernel);

    private CommandFailure refused(String... args) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> vmkloadMod.run(args));
        assertEquals(Errno.EINVAL, f.errno(), f.getMessage());
        assertTrue(f.getMessage().endsWith("\n" + VmkloadMod.USAGE + " (EINVAL)"), f.getMessage());
        return f;
    }

    private static String problem(CommandFailure f) {
        return f.getMessage().substring(0, f.getMessage().indexOf('\n'));
    }

    private void assertKernelUntouched() {
        assertEquals(List.of(), kernel.loads);
        assertEquals(List.of(), kernel.unloads);
        assertEquals(List.of(), kernel.parameterQueries);
    }

    @Test
    void aUsageErrorNamesTheProblemThenGivesTheUsage() {
        CommandFailure f = refused("-x", "e100", "vmnic");

        assertEquals("vmkload_mod: unknown option '-x'\n" + VmkloadMod.USAGE + " (EINVAL)", f.getMessage());
    }

    @Test
    void nothingAtAllNeedsABinaryAndATag() {
        assertEquals("vmkload_mod: a <module-binary> and a <module-tag> are required", problem(refused()));
        assertKernelUntouched();
    }

    @Test
    void aBinaryWithoutATagIsRefused() {
        assertEquals("vmkload_mod: a <module-tag> is required after e100", problem(refused("e100")));
        assertKernelUntouched();
    }

    @Test
    void optionsWithoutABinaryStillNeedABinaryAndATag() {
        assertEquals("vmkload_mod: a <module-binary> and a <module-tag> are required", problem(refused("-e", "-v")));
    }

    @Test
    void anUnknownLongOptionIsRefused() {
        assertEquals("vmkload_mod: unknown option '--force'", problem(refused("--force", "e100", "vmnic")));
        assertKernelUntouched();
    }

    @Test
    void theFirstUnknownOptionIsNamed() {
        assertEquals("vmkload_mod: unknown option '-x'", problem(refused("-x", "-y", "e100", "vmnic")));
    }

    @Test
    void anUnknownOptionStopsAnUnload() {
        assertEquals("vmkload_mod: unknown option '-x'", problem(refused("-u", "e100", "-x")));
        assertKernelUntouched();
    }

    @Test
    void dashUWithoutABinaryIsRefused() {
        assertEquals("vmkload_mod: -u without a <module-binary>", problem(refused("-u")));
        assertEquals("vmkload_mod: --unload without a <module-binary>", problem(refused("--unload")));
        assertKernelUntouched();
    }

    @Test
    void dashDWithoutAnAddressIsRefused() {
        assertEquals("vmkload_mod: -d without a <bus:slot>", problem(refused("-d")));
        assertEquals("vmkload_mod: --device without a <bus:slot>", problem(refused("--device")));
        assertKernelUntouched();
    }

    @Test
    void dashSWithoutABinaryIsRefused() {
        assertEquals("vmkload_mod: -s needs a <module-binary>", problem(refused("-s")));
        assertKernelUntouched();
    }

    @Test
    void aParameterWithoutAnEqualsSignIsRefused() {
        assertEquals("vmkload_mod: parameter 'x' is not of the form name=value",
                problem(refused("e100", "vmnic", "speed=100", "x")));
        assertKernelUntouched();
    }

    @Test
    void aParameterWithoutANameIsRefused() {
        assertEquals("vmkload_mod: parameter '=100' is not of the form name=value",
                problem(refused("e100", "vmnic", "=100")));
        assertKernelUntouched();
    }

    @Test
    void dashHPrintsTheUsage() {
        assertEquals(VmkloadMod.USAGE, vmkloadMod.run("-h"));
        assertEquals(VmkloadMod.USAGE, vmkloadMod.run("--help"));
        assertKernelUntouched();
    }

    @Test
    void dashHWinsOverEverythingElseBeforeTheBinary() {
        assertEquals(VmkloadMod.USAGE, vmkloadMod.run("-e", "-h", "e100", "vmnic"));
        assertKernelUntouched();
    }

    @Test
    void theUsageNamesEveryOption() {
        for (String option : List.of("-l, --list", "-u, --unload", "-v, --verbose", "-d, --device", "-e, --exportsym",
                "-s, --showparam", "-h, --help")) {
            assertTrue(VmkloadMod.USAGE.contains(option), option);
        }
        assertTrue(VmkloadMod.USAGE.startsWith("Usage: vmkload_mod <options> <module-binary> <module-tag> <parameters>"));
    }
}
