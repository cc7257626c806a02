package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.KernelPackages;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.device.DeviceRegistry;
import org.dlkm.kernel.runtime.internal.device.FilterClassRegistry;
import org.dlkm.kernel.runtime.internal.pci.HardwareDescription;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.dlkm.kernel.spi.KernelModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's transaction, without a framework: every failure, whatever its kind, undoes exactly the steps done,
 * newest first, and leaves no row, bundle, proc entry, thread or timer.
 */
class ModuleLoader_RollbackTest {
    @TempDir
    Path dir;

    private final TransitionLock lock = new TransitionLock();
    private final ModuleTable table = new ModuleTable(lock);
    private final FakeFramework framework = new FakeFramework();
    private final KernelLog log = new KernelLog(Clock.systemUTC());
    private final ProcTreeImpl proc = new ProcTreeImpl();
    private final ModuleTimers timers = new ModuleTimers(Duration.ofSeconds(1), log);
    private final ModuleThread moduleThread = new ModuleThread(lock, Duration.ofSeconds(1));
    private final ModuleLoader loader;

    ModuleLoader_RollbackTest() throws KernelException {
        PciBus bus = new PciBus(HardwareDescription.defaultMachine());
        DeviceRegistry devices = new DeviceRegistry(bus, proc, log);
        FilterClassRegistry filters = new FilterClassRegistry(log);
        ModuleVisibility visibility = new ModuleVisibility();
        Withdrawal withdrawal = new Withdrawal(table, framework, visibility, new LiveThreads(log), log);
        loader = new ModuleLoader(table, bus, KernelPackages.kernelOnly(), framework, visibility, (name, bundle) -> name + ": unresolved symbols",
                withdrawal, moduleThread, new Transaction(lock),
                m -> new ModuleContextImpl(m, bus, devices, proc, filters, log, timers), devices::deviceNames, log,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        for (LoadedModule m : table.rows()) {
            m.resources.release();
        }
        moduleThread.shutdown();
        timers.shutdown();
    }

    private LoadedModule load(String name, Class<? extends KernelModule> wrapper) throws Exception {
        ModuleJar jar = ModuleJar.read(TestModules.jar(dir, name, wrapper));
        try (TransitionLock.Held held = lock.enter()) {
            return loader.load(jar, LoadRequest.builder(name).build(), false, new ArrayList<>());
        }
    }

    private static List<String> threads(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void aSuccessfulLoadInstallsResolvesAndStartsTheBundleAndEntersALoadedRow() throws Exception {
        LoadedModule m = load("working", TestModules.Working.class);
        assertEquals(List.of("install 10", "resolve 10", "start 10"), framework.operations);
        assertEquals(ModuleState.LOADED, m.state);
        assertEquals(1, m.id);
        assertEquals(m, table.byName("working").orElseThrow());
        assertTrue(proc.exists("/proc/vmware/working"));
        assertEquals(1, threads("dlkm-working-worker").size());
        assertEquals(1, timers.pending());
    }

    @Test
    void anOutOfMemoryErrorInLoadUndoesEveryStepNewestFirstAndFailsWithEnomem() throws Exception {
        KernelException e = assertThrows(KernelException.class, () -> load("oom", TestModules.OutOfMemory.class));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals("oom: load failed: java.lang.OutOfMemoryError: no room for the ring", e.getMessage());
        assertEquals(List.of("install 10", "resolve 10", "start 10", "stop 10", "uninstall 10", "refresh 10"),
                framework.operations);
        assertLeftNothing("oom");
    }

    @Test
    void aKernelExceptionInLoadIsUndoneTheSameWay() throws Exception {
        KernelException e = assertThrows(KernelException.class, () -> load("failing", TestModules.Failing.class));
        assertEquals(Errno.EIO, e.errno());
        assertEquals("failing: load failed: the card did not answer", e.getMessage());
        assertEquals(List.of("install 10", "resolve 10", "start 10", "stop 10", "uninstall 10", "refresh 10"),
                framework.operations);
        assertLeftNothing("failing");
    }

    @Test
    void aBundleThatDoesNotResolveIsUninstalledAndNeverStarted() throws Exception {
        framework.resolves = false;
        KernelException e = assertThrows(KernelException.class,
                () -> load("unresolvable", TestModules.Working.class));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals("unresolvable: unresolved symbols", e.getMessage());
        assertEquals(List.of("install 10", "resolve 10", "uninstall 10", "refresh 10"), framework.operations);
        assertLeftNothing("unresolvable");
    }

    @Test
    void aBundleThatDoesNotStartIsUninstalled() throws Exception {
        framework.startFails = true;
        KernelException e = assertThrows(KernelException.class, () -> load("unstartable", TestModules.Working.class));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals(List.of("install 10", "resolve 10", "start 10", "uninstall 10", "refresh 10"),
                framework.operations);
        assertLeftNothing("unstartable");
    }

    @Test
    void aLoadThatOutlivesTheWatchdogFailsWithEtimedoutAndIsUndone() throws Exception {
        KernelException e = assertThrows(KernelException.class, () -> load("sleepy", TestModules.Sleeping.class));
        assertEquals(Errno.ETIMEDOUT, e.errno());
        assertTrue(e.getMessage().startsWith("sleepy: load did not return within 1 s; the kernel abandoned its"
                + " thread dlkm-modules, which was at java.lang.Thread.sleep(Native Method)"),
                e.getMessage());
        assertTrue(e.getMessage().contains(TestModules.Sleeping.class.getName() + ".load("), e.getMessage());
        assertLeftNothing("sleepy");
        LoadedModule next = load("working", TestModules.Working.class);
        assertEquals(1, next.id);
    }

    @Test
    void aWrapperWhoseStaticInitializerThrowsIsRefusedNamingWhatItThrew() throws Exception {
        KernelException e = assertThrows(KernelException.class,
                () -> load("staticinit", TestModules.BrokenStaticInitializer.class));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals("staticinit: cannot create wrapper " + TestModules.BrokenStaticInitializer.class.getName()
                + ": its static initializer threw java.lang.IllegalStateException: no ring size for this card",
                e.getMessage());
        assertLeftNothing("staticinit");
    }

    @Test
    void aWrapperConstructorFailureNamesTheCauseItsMessageLeavesOut() throws Exception {
        KernelException e = assertThrows(KernelException.class,
                () -> load("ctorcause", TestModules.ConstructorFailingWithACause.class));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals("ctorcause: cannot create wrapper " + TestModules.ConstructorFailingWithACause.class.getName()
                + ": its constructor threw java.lang.IllegalStateException: the card is not ready; caused by"
                + " java.io.IOException: no BAR 0", e.getMessage());
        assertLeftNothing("ctorcause");
    }

    @Test
    void aFailedLoadUsesNoModuleId() throws Exception {
        assertThrows(KernelException.class, () -> load("failing", TestModules.Failing.class));
        assertEquals(1, load("working", TestModules.Working.class).id);
    }

    private void assertLeftNothing(String name) throws InterruptedException {
        assertTrue(table.rows().isEmpty());
        assertFalse(proc.exists("/proc/vmware/" + name));
        for (int i = 0; i < 100 && !threads("dlkm-" + name).isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), threads("dlkm-" + name));
        assertEquals(0, timers.pending());
        assertTrue(log.text().contains(name + ": load failed: "));
    }
}
