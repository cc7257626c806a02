package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
    @TempDir
    Path dir;

    private final Transaction transaction = new Transaction();

    private LoadedModule row(int id, String name) throws Exception {
        ModuleJar jar = ModuleJar.read(TestModules.jar(dir, name, TestModules.Working.class));
        return new LoadedModule(id, jar, name, false, Map.of(), Set.of(), false, new int[] {-1, -1});
    }

    @Test
    void whatANestedRequestLoadedIsUndoneWithTheRequestAroundIt() throws Exception {
        LoadedModule outer = row(1, "outer");
        LoadedModule helper = row(2, "helper");
        transaction.open();
        transaction.open();
        transaction.loaded(helper);
        transaction.commit();
        transaction.loaded(outer);
        assertEquals(List.of(helper, outer), transaction.abort());
    }

    @Test
    void aFailedNestedRequestHandsBackOnlyWhatItLoaded() throws Exception {
        LoadedModule first = row(1, "first");
        LoadedModule nested = row(2, "nested");
        transaction.open();
        transaction.loaded(first);
        transaction.open();
        transaction.loaded(nested);
        assertEquals(List.of(nested), transaction.abort());
        transaction.commit();
    }

    @Test
    void loadingAModuleFromItsOwnLoadIsRefusedWithEdeadlk() throws Exception {
        LoadedModule a = row(1, "cyclea");
        LoadedModule b = row(2, "cycleb");
        transaction.begin(a, "load");
        transaction.begin(b, "load");
        KernelException e = assertThrows(KernelException.class, () -> transaction.refuseCycle("cyclea", "load"));
        assertEquals(Errno.EDEADLK, e.errno());
        assertEquals("cyclea: cannot load cyclea from the load of cycleb: cyclea is in its own load"
                + " (cyclea load -> cycleb load)", e.getMessage());
    }

    @Test
    void unloadingAModuleTheSameRequestLoadedIsRefusedWithEdeadlk() throws Exception {
        LoadedModule helper = row(2, "helper");
        LoadedModule caller = row(3, "caller");
        transaction.open();
        transaction.loaded(helper);
        transaction.begin(caller, "load");
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
