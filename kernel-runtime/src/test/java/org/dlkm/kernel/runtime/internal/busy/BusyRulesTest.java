package org.dlkm.kernel.runtime.internal.busy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.device.DeviceRegistry;
import org.dlkm.kernel.runtime.internal.pci.HardwareDescription;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyRulesTest {
    @TempDir
    Path dir;

    private final TransitionLock lock = new TransitionLock();
    private final ModuleTable table = new ModuleTable(lock);
    private final BusyRules busy;

    BusyRulesTest() throws KernelException {
        KernelLog log = new KernelLog(Clock.systemUTC());
        DeviceRegistry devices = new DeviceRegistry(new PciBus(HardwareDescription.defaultMachine()),
                new ProcTreeImpl(), log);
        busy = new BusyRules(table, new StaticConfiguration(), new Dependents(table), new OpenHandles(devices),
                new ServicesInUse(table, 0), new org.dlkm.kernel.runtime.internal.filter.TransmitFilters(
                        new org.dlkm.kernel.runtime.internal.device.FilterClassRegistry(log), new ProcTreeImpl(),
                        null, log, System::nanoTime, name -> java.util.Optional.empty()));
    }

    private LoadedModule enter(String name, String dependency, boolean statik) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DLKM-Module-Class", "org.example.Module");
        Path jar = dir.resolve(name + ".jar");
        String master = "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\n" + name + " misc\n$$$\n"
                + (dependency == null ? "" : "$DRIVER_DEPENDENCY\n" + name + " " + dependency + "\n$$$\n");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("META-INF/dlkm/master"));
            out.write(master.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        LoadedModule m = new LoadedModule(table.nextId(), ModuleJar.read(jar), name, false, Map.of(), Set.of(),
                statik, new int[] {-1, -1});
        try (TransitionLock.Held held = lock.enter()) {
            table.enter(m);
            table.setState(m, ModuleState.LOADED);
        }
        return m;
    }

    private KernelException refusal(LoadedModule m) {
        try (TransitionLock.Held held = lock.enter()) {
            return assertThrows(KernelException.class, () -> busy.beginUnload(m));
        }
    }

    @Test
    void aStaticModuleIsHeldByTheKernelConfiguration() throws Exception {
        LoadedModule m = enter("nfshaper", null, true);
        KernelException e = refusal(m);
        assertEquals(Errno.EPERM, e.errno());
        assertEquals("nfshaper: statically configured into the kernel, so it never unloads; make it loadable with"
                + " kmsystem -l Y nfshaper (and kmsystem -S /stand/system -c N nfshaper if the system file names it),"
                + " rebuild the kernel with config -u /stand/system, and reboot", e.getMessage());
    }

    @Test
    void aModuleIsHeldByTheModulesThatDeclareADependencyOnIt() throws Exception {
        LoadedModule linux = enter("vmklinux", null, false);
        enter("e100", "vmklinux", false);
        enter("aic7xxx", "vmklinux", false);
        KernelException e = refusal(linux);
        assertEquals(Errno.EBUSY, e.errno());
        assertEquals("vmklinux: module is busy: aic7xxx, e100 depend on it; unload them first", e.getMessage());
        assertEquals(ModuleState.LOADED, linux.state);
    }

    @Test
    void aModuleNobodyHoldsIsMarkedUnloading() throws Exception {
        LoadedModule m = enter("nfshaper", null, false);
        try (TransitionLock.Held held = lock.enter()) {
            busy.beginUnload(m);
        }
        assertEquals(ModuleState.UNLOADING, m.state);
    }
}
