package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.runtime.internal.catalog.KernelPackages;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.pci.HardwareDescription;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load of a module that exports a package of the kernel or the framework is refused before anything happens. */
class LoadAdmission_KernelPackagesTest {
    @TempDir
    Path dir;

    private final TransitionLock lock = new TransitionLock();
    private final ModuleTable table = new ModuleTable(lock);

    private KernelException refusal(String exports) throws Exception {
        LoadAdmission admission = new LoadAdmission(table, new PciBus(HardwareDescription.defaultMachine()),
                new KernelPackages(Set.of("org.osgi.framework.wiring")));
        ModuleJar jar = ModuleJar.read(TestModules.jar(dir, "evil", TestModules.Working.class, "",
                Map.of("Export-Package", exports)));
        try (TransitionLock.Held held = lock.enter()) {
            return assertThrows(KernelException.class,
                    () -> admission.admit(jar, LoadRequest.builder("evil").build(), false, new ArrayList<>()));
        }
    }

    @Test
    void aModuleExportingAKernelApiPackageIsRefusedWithEpermNamingThePackage() throws Exception {
        KernelException e = refusal("org.dlkm.kernel.net");

        assertEquals(Errno.EPERM, e.errno());
        assertEquals("evil: exports org.dlkm.kernel.net, which the kernel provides; a module may not export a package"
                + " of the kernel or the framework: remove it from the module's Export-Package", e.getMessage());
        assertTrue(table.rows().isEmpty());
    }

    @Test
    void aModuleExportingAPackageOfTheSystemBundleIsRefused() throws Exception {
        KernelException e = refusal("org.osgi.framework.wiring");

        assertEquals(Errno.EPERM, e.errno());
        assertTrue(e.getMessage().startsWith("evil: exports org.osgi.framework.wiring, which the framework provides"),
                e.getMessage());
    }
}
