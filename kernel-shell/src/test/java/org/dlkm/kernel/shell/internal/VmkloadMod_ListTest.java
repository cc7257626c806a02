package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class VmkloadMod_ListTest {

    private static final String HEADER = "Name        ID Tag      Bundle     Size Exp  Deps Holds Devices";

    private final FakeKernel kernel = new FakeKernel();
    private final VmkloadMod vmkloadMod = new VmkloadMod(kernel);

    @Test
    void anEmptyModuleTableListsOnlyTheHeader() {
        assertEquals(HEADER, vmkloadMod.run("-l"));
    }

    @Test
    void eachModuleIsOneRowWithItsCountsAndDevices() {
        kernel.loaded.add(FakeKernel.module(1, "vmklinux", "vmklinux", 11, true, List.of(), List.of("e100"),
                List.of(), 20480));
        kernel.loaded.add(FakeKernel.module(3, "e100", "vmnic", 12, false, List.of("vmnic0", "vmnic1"), List.of(),
                List.of("vmnic0 by vm1", "vmnic1 by vm2"), 4096));

        assertEquals(String.join("\n", HEADER,
                "vmklinux     1 vmklinux     11    20480 yes     1     0",
                "e100         3 vmnic        12     4096 no      0     2 vmnic0 vmnic1"), vmkloadMod.run("--list"));
    }

    @Test
    void dashLIgnoresEveryOtherArgument() {
        assertEquals(HEADER, vmkloadMod.run("-l", "-e", "-v", "e100", "vmnic", "speed=100"));
        assertEquals(List.of(), kernel.loads);
    }

    @Test
    void dashLIgnoresEvenUnknownOptions() {
        assertEquals(HEADER, vmkloadMod.run("--bogus", "-l", "-x"));
    }

    @Test
    void dashLIgnoresAnIncompleteOption() {
        assertEquals(HEADER, vmkloadMod.run("-l", "-d"));
        assertEquals(HEADER, vmkloadMod.run("-l", "-u"));
    }

    @Test
    void dashLIgnoresAnUnloadAndAShowparam() {
        kernel.loaded.add(FakeKernel.module(3, "e100", "vmnic", 12, false, List.of("vmnic0")));

        vmkloadMod.run("-u", "e100", "-s", "-l");

        assertEquals(List.of(), kernel.unloads);
        assertEquals(List.of(), kernel.parameterQueries);
    }

    @Test
    void dashLAfterTheBinaryIsNotAnOption() {
        CommandFailure f = assertThrows(CommandFailure.class, () -> vmkloadMod.run("e100", "vmnic", "-l"));

        assertEquals("vmkload_mod: parameter '-l' is not of the form name=value",
                f.getMessage().substring(0, f.getMessage().indexOf('\n')));
    }
}
