package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
    @TempDir
    Path dir;

    private final TransitionLock lock = new TransitionLock();
    private final Transaction transaction = new Transaction(lock);
    private TransitionLock.Held held;

    @BeforeEach
    void enter() {
        held = lock.enter();
    }

    @AfterEach
    void leave() {
        held.close();
    }

    private LoadedModule row(int id, String name) throws Exception {
        ModuleJar jar = ModuleJar.read(TestModules.jar(dir, name, TestModules.Working.class));
        return new LoadedModule(id, jar, name, false, Map.of(), Set.of(), false, new int[] {-1, -1});
    }

    @Test
    void whatANestedRequestLoadedIsUndoneWithTheRequestAroundIt() throws Exception {
        LoadedModule outer = row(1, "outer");
        LoadedModule helper = row(2, "helper");
        int request = transaction.open();
        int nested = transaction.open();
        transaction.loaded(helper);
        transaction.commit(nested);
        transaction.loaded(outer);
        assertEquals(List.of(helper, outer), transaction.abort(request));
    }

    @Test
    void aFailedNestedRequestHandsBackOnlyWhatItLoaded() throws Exception {
        LoadedModule first = row(1, "first");
        LoadedModule nested = row(2, "nested");
        int request = transaction.open();
        transaction.loaded(first);
        int inner = transaction.open();
        transaction.loaded(nested);
        assertEquals(List.of(nested), transaction.abort(inner));
        assertEquals(List.of(first), transaction.abort(request));
    }

    @Test
    void requestsLeftOpenByAbandonedModuleCodeAreClosedWithTheRequestAroundThem() throws Exception {
        LoadedModule outer = row(1, "outer");
        LoadedModule stranded = row(2, "stranded");
        int request = transaction.open();
        transaction.loaded(outer);
        transaction.open();
        transaction.loaded(stranded);
        assertEquals(List.of(outer, stranded), transaction.abort(request));
        assertEquals(List.of(), transaction.abort(request));
    }

    @Test
    void endingModuleCodeAlsoEndsWhatItsAbandonedNestedCallsLeftRunning() throws Exception {
        int outer = transaction.begin(row(1, "outer"), "load");
        transaction.begin(row(2, "inner"), "load");
        transaction.end(outer);
        assertTrue(transaction.innermost().isEmpty());
    }

    @Test
    void aThreadWithoutTheLockCannotChangeTheTransaction() throws Exception {
        LoadedModule m = row(1, "late");
        int request = transaction.open();
        Thread abandoned = new Thread(() -> {
            transaction.open();
            transaction.loaded(m);
            transaction.begin(m, "load");
        });
        abandoned.start();
        abandoned.join();
        assertTrue(transaction.innermost().isEmpty());
        assertEquals(List.of(), transaction.abort(request));
    }

    @Test
    void loadingAModuleFromItsOwnLoadIsRefusedWithEdeadlk() throws Exception {
        transaction.begin(row(1, "cyclea"), "load");
        transaction.begin(row(2, "cycleb"), "load");
        KernelException e = assertThrows(KernelException.class, () -> transaction.refuseCycle("cyclea", "load"));
        assertEquals(Errno.EDEADLK, e.errno());
        assertEquals("cyclea: cannot load cyclea from the load of cycleb: cyclea is in its own load"
                + " (cyclea load -> cycleb load)", e.getMessage());
    }

    @Test
    void unloadingAModuleTheSameRequestLoadedIsRefusedWithEdeadlk() throws Exception {
        transaction.open();
        transaction.loaded(row(2, "helper"));
        transaction.begin(row(3, "caller"), "load");
        KernelException e = assertThrows(KernelException.class, () -> transaction.refuseCycle("helper", "unload"));
        assertEquals(Errno.EDEADLK, e.errno());
        assertEquals("helper: cannot unload helper from the load of caller: it was loaded by the same request,"
                + " which has not finished (caller load)", e.getMessage());
    }

    @Test
    void aCallFromOutsideModuleCodeIsNeverACycle() throws Exception {
        transaction.refuseCycle("anything", "unload");
        transaction.open();
        transaction.loaded(row(1, "loaded"));
        transaction.refuseCycle("loaded", "unload");
    }
}
