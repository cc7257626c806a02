package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.dlkm.itest.modules.ctorfail.CtorFailingModule;
import org.dlkm.itest.modules.throwing.ThrowingModule;
import org.dlkm.kernel.ModuleState;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A load is atomic against every failure, not only a KernelException: an OutOfMemoryError, a StackOverflowError, a
 * LinkageError or a RuntimeException thrown by a module's constructor or load, alone or at step k of a demand load,
 * is rolled back just the same; an Error from unload keeps the module loaded and sane.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleFailuresIT extends KernelTestSupport {

    private void assertLeftNothing(String name) {
        assertTrue(kernel.query(name).isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest." + name).isEmpty());
        assertFalse(proc.exists("/proc/vmware/" + name + "/state"));
        assertTrue(threadsNamed("dlkm-" + name).isEmpty());
        assertTrue(ok("cat /proc/vmware/log").contains(name + ": load failed: "));
    }

    @Test
    public void anOutOfMemoryErrorInLoadIsRolledBackAsEnomem() throws Exception {
        Path jar = TestModuleJar.build("oomload", ThrowingModule.class, "misc");
        assertEquals("vmkload_mod: oomload: load failed: java.lang.OutOfMemoryError: cannot allocate the module's"
                + " tables (ENOMEM)", refused("vmkload_mod " + jar + " oomload"));
        assertLeftNothing("oomload");
    }

    @Test
    public void aStackOverflowErrorInLoadIsRolledBack() throws Exception {
        Path jar = TestModuleJar.build("soeload", ThrowingModule.class, "misc");
        assertEquals("vmkload_mod: soeload: load failed: java.lang.StackOverflowError (EIO)",
                refused("vmkload_mod " + jar + " soeload"));
        assertLeftNothing("soeload");
    }

    @Test
    public void aLinkageErrorInLoadIsRolledBack() throws Exception {
        Path jar = TestModuleJar.build("linkload", ThrowingModule.class, "misc");
        assertEquals("vmkload_mod: linkload: load failed: java.lang.NoClassDefFoundError: org/dlkm/missing/Helper"
                + " (EIO)", refused("vmkload_mod " + jar + " linkload"));
        assertLeftNothing("linkload");
    }

    @Test
    public void aRuntimeExceptionInLoadIsRolledBack() throws Exception {
        Path jar = TestModuleJar.build("rteload", ThrowingModule.class, "misc");
        assertEquals("vmkload_mod: rteload: load failed: java.lang.IllegalStateException: the hardware is in a bad"
                + " state (EIO)", refused("vmkload_mod " + jar + " rteload"));
        assertLeftNothing("rteload");
    }

    @Test
    public void aLinkageErrorInTheWrappersConstructorIsRolledBack() throws Exception {
        Path jar = TestModuleJar.build("ctorfail", CtorFailingModule.class, "misc");
        assertEquals("vmkload_mod: ctorfail: cannot create wrapper " + CtorFailingModule.class.getName()
                + ": its constructor threw java.lang.LinkageError: the wrapper's constructor found an incompatible"
                + " class (ENOEXEC)", refused("vmkload_mod " + jar + " ctorfail"));
        assertTrue(kernel.query("ctorfail").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.ctorfail").isEmpty());
    }

    @Test
    public void everyKindOfThrowableFromTheWrappersConstructorIsRolledBack() throws Exception {
        String[][] cases = {
            {"ctoroom", "java.lang.OutOfMemoryError: no heap for the wrapper"},
            {"ctorsoe", "java.lang.StackOverflowError"},
            {"ctorrte", "java.lang.IllegalStateException: the wrapper found the card in a bad state"},
            {"ctorcause", "java.lang.IllegalStateException: the card is not ready; caused by java.io.IOException: no"
                    + " BAR 0"},
        };
        for (String[] c : cases) {
            Path jar = TestModuleJar.build(c[0], CtorFailingModule.class, "misc");
            assertEquals("vmkload_mod: " + c[0] + ": cannot create wrapper " + CtorFailingModule.class.getName()
                    + ": its constructor threw " + c[1] + " (ENOEXEC)", refused("vmkload_mod " + jar + " " + c[0]));
            assertTrue(kernel.query(c[0]).isEmpty());
            assertTrue(bundlesNamed("org.dlkm.itest." + c[0]).isEmpty());
        }
    }

    @Test
    public void aWrapperWhoseStaticInitializerThrowsIsRefusedNamingWhatItThrew() throws Exception {
        Path jar = TestModuleJar.build("ctorinit", CtorFailingModule.class, "misc");
        assertEquals("vmkload_mod: ctorinit: cannot create wrapper " + CtorFailingModule.class.getName() + ": its"
                + " static initializer threw java.lang.IllegalStateException: the wrapper's tables cannot be sized"
                + " (ENOEXEC)", refused("vmkload_mod " + jar + " ctorinit"));
        assertTrue(kernel.query("ctorinit").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.ctorinit").isEmpty());
    }

    @Test
    public void everyKindOfThrowableFromUnloadKeepsTheModuleLoaded() throws Exception {
        String[][] cases = {
            {"oomunload", "java.lang.OutOfMemoryError: no heap to tear down (ENOMEM)"},
            {"soeunload", "java.lang.StackOverflowError (EIO)"},
            {"linkunload", "java.lang.NoClassDefFoundError: org/dlkm/missing/Teardown (EIO)"},
            {"rteunload", "java.lang.IllegalStateException: the card would not reset (EIO)"},
        };
        for (String[] c : cases) {
            Path jar = TestModuleJar.build(c[0], ThrowingModule.class, "misc");
            ok("vmkload_mod " + jar + " " + c[0]);
            assertEquals("vmkload_mod: " + c[0] + ": its unload failed and it stays loaded: " + c[1],
                    refused("vmkload_mod -u " + c[0]));
            assertEquals(ModuleState.LOADED, kernel.query(c[0]).orElseThrow().state());
            ok("vmkload_mod -u " + c[0]);
            assertTrue(kernel.query(c[0]).isEmpty());
            assertTrue(threadsNamed("dlkm-" + c[0]).isEmpty());
        }
    }

    @Test
    public void anErrorAtTheLastStepOfADemandLoadUnloadsTheStepsBefore() throws Exception {
        String master = "* test module\n$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\noomload misc\n"
                + "$$$\n$DRIVER_DEPENDENCY\noomload vmklinux\n$$$\n";
        ok("kminstall -a " + TestModuleJar.withMaster("oomload", ThrowingModule.class, master));
        try {
            String error = refused("kmadmin -L oomload");
            assertEquals("kmadmin: oomload: demand load failed at step 2 of 2 (loading oomload): oomload: load failed:"
                    + " java.lang.OutOfMemoryError: cannot allocate the module's tables; unloaded again: vmklinux"
                    + " (ENOMEM)", error);
            assertTrue(kernel.list().isEmpty());
            assertTrue(bundlesNamed("org.dlkm.vmklinux").isEmpty());
            assertLeftNothing("oomload");
        } finally {
            ok("kminstall -d oomload");
        }
    }

    @Test
    public void anErrorInUnloadKeepsTheModuleLoadedAndItCanUnloadLater() throws Exception {
        Path jar = TestModuleJar.build("errunload", ThrowingModule.class, "misc");
        ok("vmkload_mod " + jar + " errunload");
        assertEquals("vmkload_mod: errunload: its unload failed and it stays loaded: java.lang.AssertionError: the"
                + " unload's bookkeeping is broken (EIO)", refused("vmkload_mod -u errunload"));
        assertEquals(ModuleState.LOADED, kernel.query("errunload").orElseThrow().state());
        assertEquals("half loaded", ok("cat /proc/vmware/errunload/state"));
        ok("vmkload_mod -u errunload");
        assertTrue(kernel.query("errunload").isEmpty());
        assertTrue(threadsNamed("dlkm-errunload").isEmpty());
    }
}
