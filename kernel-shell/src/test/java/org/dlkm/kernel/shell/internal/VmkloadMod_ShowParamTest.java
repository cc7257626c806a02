package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.ParameterType;
import org.junit.jupiter.api.Test;

class VmkloadMod_ShowParamTest {

    private final FakeKernel kernel = new FakeKernel();
    private final VmkloadMod vmkloadMod = new VmkloadMod(kernel);

    @Test
    void dashSListsEachParameterWithTypeRangeDefaultAndDescription() {
        kernel.parameters = List.of(
                new ParameterInfo("speed", ParameterType.INT, 0L, 100L, "0", "link speed in Mbit/s"),
                new ParameterInfo("ifname", ParameterType.STRING, null, null, "eth", null));

        String out = vmkloadMod.run("-s", "e100");

        assertEquals(String.join("\n",
                "e100 parameters:",
                "  speed              int    0-100     default 0      link speed in Mbit/s",
                "  ifname             string           default eth"), out);
        assertEquals(List.of("e100"), kernel.parameterQueries);
        assertEquals(List.of(), kernel.loads);
    }

    @Test
    void aRangeOpenAtOneEndShowsOnlyTheOtherBound() {
        kernel.parameters = List.of(
                new ParameterInfo("rxring", ParameterType.LONG, 8L, null, "256", ""),
                new ParameterInfo("txring", ParameterType.LONG, null, 4096L, "256", ""));

        String out = vmkloadMod.run("--showparam", "e100");

        assertEquals(String.join("\n",
                "e100 parameters:",
                "  rxring             long   8-        default 256",
                "  txring             long   -4096     default 256"), out);
    }

    @Test
    void aModuleWithoutParametersTakesNoParameters() {
        assertEquals("nfshaper takes no parameters", vmkloadMod.run("-s", "nfshaper"));
    }

    @Test
    void theModuleIsNamedWithoutItsDirectoryOrDotO() {
        assertEquals("e100 takes no parameters", vmkloadMod.run("-s", "/usr/lib/vmware/vmkmod/e100.o"));
        assertEquals(List.of("/usr/lib/vmware/vmkmod/e100.o"), kernel.parameterQueries);
    }

    @Test
    void onlyTheFirstOperandIsShown() {
        vmkloadMod.run("-s", "e100", "vmnic", "speed=100");

        assertEquals(List.of("e100"), kernel.parameterQueries);
        assertEquals(List.of(), kernel.loads);
    }

    @Test
    void anUnknownBinaryIsReportedWithTheKernelsCode() {
        kernel.refusal = new KernelException(Errno.ENOENT,
                "module binary tulip: no module 'tulip' in the module directory /var/vmkmod (available: e100)");

        CommandFailure f = assertThrows(CommandFailure.class, () -> vmkloadMod.run("-s", "tulip"));

        assertEquals("vmkload_mod: module binary tulip: no module 'tulip' in the module directory /var/vmkmod"
                + " (available: e100) (ENOENT)", f.getMessage());
        assertEquals(Errno.ENOENT, f.errno());
    }
}
