package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.catalog.KernelPackages;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.pci.HardwareDescription;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The major numbers a load is admitted with: a fixed one that a loaded module holds is refused with EEXIST naming
 * the holder; -1 is the lowest number from 64 that no module holds.
 */
class LoadAdmission_MajorsTest {
    @TempDir
    Path dir;

    private final TransitionLock lock = new TransitionLock();
    private final ModuleTable table = new ModuleTable(lock);
    private final LoadAdmission admission;

    LoadAdmission_MajorsTest() throws KernelException {
        admission = new LoadAdmission(table, new PciBus(HardwareDescription.defaultMachine()),
                KernelPackages.kernelOnly());
    }

    /** @return the row admission gives a module whose $DRIVER_INSTALL has these majors */
    private LoadedModule admit(String name, int block, int chr) throws Exception {
        ModuleJar jar = ModuleJar.read(TestModules.jar(dir, name, TestModules.Working.class,
                "$DRIVER_INSTALL\n" + name + " " + block + " " + chr + "\n$$$\n", Map.of()));
        try (TransitionLock.Held held = lock.enter()) {
            return admission.admit(jar, LoadRequest.builder(name).build(), false, new ArrayList<>());
        }
    }

    /** Admits a module and enters it in the table as loaded. */
    private LoadedModule loaded(String name, int block, int chr) throws Exception {
        LoadedModule m = admit(name, block, chr);
        try (TransitionLock.Held held = lock.enter()) {
            table.enter(m);
            table.setState(m, ModuleState.LOADED);
        }
        return m;
    }

    /** @return the message of the EEXIST with which admission refuses the module */
    private String refusal(String name, int block, int chr) {
        KernelException e = assertThrows(KernelException.class, () -> admit(name, block, chr));
        assertEquals(Errno.EEXIST, e.errno());
        return e.getMessage();
    }

    @Test
    void aFixedBlockMajorAnotherModuleHoldsIsRefusedWithEexistNamingTheHolder() throws Exception {
        loaded("disk", 64, 65);

        assertEquals("disk2: block major 64 is held by disk (ID 1); unload disk first, or give disk2 a free major,"
                + " or -1 for one the kernel assigns, in its $DRIVER_INSTALL", refusal("disk2", 64, 90));
    }

    @Test
    void aFixedCharacterMajorAnotherModuleHoldsIsRefusedToo() throws Exception {
        loaded("tty", 70, 71);

        assertEquals("tty2: character major 71 is held by tty (ID 1); unload tty first, or give tty2 a free major,"
                + " or -1 for one the kernel assigns, in its $DRIVER_INSTALL", refusal("tty2", 80, 71));
    }

    @Test
    void aFixedMajorTheKernelAssignedToAnotherModuleIsRefused() throws Exception {
        loaded("auto", -1, -1);

        assertEquals("fixed: block major 64 is held by auto (ID 1); unload auto first, or give fixed a free major,"
                + " or -1 for one the kernel assigns, in its $DRIVER_INSTALL", refusal("fixed", 64, 100));
    }

    @Test
    void blockAndCharacterMajorsAreTwoNameSpaces() throws Exception {
        loaded("disk", 64, 65);

        LoadedModule tape = admit("tape", 65, 64);

        assertEquals(65, tape.blockMajor());
        assertEquals(64, tape.charMajor());
    }

    @Test
    void anAssignedMajorIsTheLowestFromSixtyFourThatNoModuleHolds() throws Exception {
        loaded("disk", 64, 66);

        LoadedModule auto = admit("auto", -1, -1);

        assertEquals(65, auto.blockMajor());
        assertEquals(67, auto.charMajor());
    }

    @Test
    void theSameFixedMajorsAreFreeAgainOnceTheirHolderHasLeft() throws Exception {
        LoadedModule disk = loaded("disk", 64, 65);
        try (TransitionLock.Held held = lock.enter()) {
            table.leave(disk);
        }

        LoadedModule again = admit("disk2", 64, 65);

        assertEquals(64, again.blockMajor());
        assertEquals(65, again.charMajor());
    }
}
