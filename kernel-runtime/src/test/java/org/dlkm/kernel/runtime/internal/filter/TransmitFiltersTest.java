package org.dlkm.kernel.runtime.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.net.Frame;
import org.dlkm.kernel.net.TransmitFilter;
import org.dlkm.kernel.net.TransmitFilterClass;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.device.FilterClassRegistry;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.dlkm.kernel.runtime.internal.vm.FakeHandle;
import org.dlkm.kernel.runtime.internal.vm.VirtualMachinesImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why this class is large: one fixture (running machines on a fake vmnic0, a toy filter class) serves every rule of
 * the room, autoload included; split, each part would build the same fixture again.
 *
 * <p>The filter room over real running machines (a device service that knows vmnic0) and a toy filter class that
 * queues every frame until the next release: pushes, pops, the entries, every refusal, stops and the timer.
 */
class TransmitFiltersTest {
    private static final String PUSH = "/proc/vmware/filters/xmitpush";
    private static final String POP = "/proc/vmware/filters/xmitpop";
    private static final String INSTANCE = "/proc/vmware/filters/xmit/toy.1.137";

    @TempDir
    Path home;

    private final KernelLog log = new KernelLog(Clock.systemUTC());
    private final ProcTreeImpl proc = new ProcTreeImpl();
    private final FilterClassRegistry classes = new FilterClassRegistry(log);
    private final TransitionLock lock = new TransitionLock();
    private final ModuleTable table = new ModuleTable(lock);
    private VirtualMachinesImpl vms;
    private TransmitFilters filters;
    private LoadedModule toyModule;

    /** Queues every frame up to its limit; releases them all at the next release. */
    private static final class ToyFilter implements TransmitFilter {
        final ArrayDeque<Frame> queue = new ArrayDeque<>();
        List<String> settings;
        int maxq = 10;
        int resets;
        /** While set, nothing is released: the frames wait for the timer. */
        volatile boolean hold;

        ToyFilter(List<String> settings) {
            this.settings = settings;
        }

        @Override
        public boolean offer(Frame frame, long nowNanos) {
            return queue.size() < maxq && queue.add(frame);
        }

        @Override
        public List<Frame> release(long nowNanos) {
            if (hold) {
                return List.of();
            }
            List<Frame> out = new ArrayList<>(queue);
            queue.clear();
            return out;
        }

        @Override
        public String status() {
            return "settings " + settings + "\nmaxq " + maxq + "\nresets " + resets + "\n";
        }

        @Override
        public void configure(List<String> arguments) throws KernelException {
            settings = checked(arguments);
        }

        @Override
        public void maxQueue(int frames) {
            maxq = frames;
        }

        @Override
        public void reset() {
            resets++;
        }

        static List<String> checked(List<String> arguments) throws KernelException {
            if (arguments.size() != 3) {
                throw new KernelException(Errno.EINVAL, "expected RATE PEAK BURST, got " + arguments.size()
                        + " arguments");
            }
            if (!arguments.get(0).matches("[0-9]+[km]?")) {
                throw new KernelException(Errno.EINVAL, "rate '" + arguments.get(0) + "' is not a number");
            }
            return List.copyOf(arguments);
        }
    }

    private final List<ToyFilter> created = new ArrayList<>();
    /** What the driver's transmit was given. */
    private final java.util.concurrent.atomic.AtomicLong driverBytes = new java.util.concurrent.atomic.AtomicLong();

    @BeforeEach
    void kernel() throws Exception {
        vms = new VirtualMachinesImpl(home, (DeviceService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DeviceService.class}, (p, m, a) -> nic((String) a[0], (String) a[1])), proc, log);
        filters = new TransmitFilters(classes, proc, new org.dlkm.kernel.runtime.internal.device.ModuleCode() {
            @Override
            public <T> T run(LoadedModule module, String action, java.util.concurrent.Callable<T> code)
                    throws Exception {
                return code.call();
            }
        }, log, System::nanoTime, name -> java.util.Optional.of(toyModule));
        filters.start(vms);
        toyModule = module("toy");
        classes.register(toyModule, toyClass("toy"));
        start("vm1", true);
    }

    private TransmitFilterClass toyClass(String name) {
        return new TransmitFilterClass() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String usage() {
                return "RATE PEAK BURST";
            }

            @Override
            public TransmitFilter create(List<String> arguments) throws KernelException {
                ToyFilter f = new ToyFilter(ToyFilter.checked(arguments));
                created.add(f);
                return f;
            }
        };
    }

    @AfterEach
    void close() {
        filters.close();
    }

    private DeviceHandle nic(String name, String holder) {
        NetworkDevice device = (NetworkDevice) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {NetworkDevice.class}, (p, m, a) -> {
                    if (m.getName().equals("transmit")) {
                        driverBytes.addAndGet(((java.nio.ByteBuffer) a[0]).remaining());
                    }
                    return null;
                });
        return FakeHandle.of(name, holder, device, () -> { });
    }

    private Path start(String name, boolean withNic) throws Exception {
        Path f = home.resolve("vmfs").resolve(name).resolve(name + ".vmx");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "memsize = \"64\"\n"
                + (withNic ? "ethernet0.present = TRUE\nethernet0.networkName = vmnic0\n" : ""));
        vms.register(f);
        vms.start(f);
        return f;
    }

    private LoadedModule module(String name) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DLKM-Module-Class", "org.example.Module");
        Path jar = home.resolve(name + ".jar");
        String master = "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\n" + name + " misc\n$$$\n";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("META-INF/dlkm/master"));
            out.write(master.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        LoadedModule m = new LoadedModule(table.nextId(), ModuleJar.read(jar), name, false, Map.of(), Set.of(), false,
                new int[] {-1, -1});
        try (TransitionLock.Held held = lock.enter()) {
            table.enter(m);
            table.setState(m, ModuleState.LOADED);
        }
        return m;
    }

    private void assertRefused(String path, String text, Errno errno, String message) throws KernelException {
        String status = proc.read("/proc/vmware/filters/status");
        List<String> entries = proc.exists("/proc/vmware/filters/xmit") ? proc.list("/proc/vmware/filters/xmit")
                : List.of();
        KernelException e = assertThrows(KernelException.class, () -> proc.write(path, text));
        assertEquals(errno, e.errno(), e.getMessage());
        assertEquals(message, e.getMessage());
        assertEquals(status, proc.read("/proc/vmware/filters/status"), "a refusal changes nothing");
        assertEquals(entries, proc.exists("/proc/vmware/filters/xmit") ? proc.list("/proc/vmware/filters/xmit")
                : List.of());
    }

    @Test
    void aPushAttachesAnInstanceListedInStatusWithItsOwnEntryAndHoldsTheClassModule() throws Exception {
        proc.write(PUSH, "137 toy 1m 2m 160k");

        assertEquals(List.of("toy.1.137"), filters.attachedNames());
        assertTrue(proc.read("/proc/vmware/filters/status").endsWith("""
                Filter             VM ID  NIC        Device
                toy.1.137          137    ethernet0  vmnic0
                """), proc.read("/proc/vmware/filters/status"));
        assertEquals("vm 137 (vm1) ethernet0 on vmnic0\nsettings [1m, 2m, 160k]\nmaxq 10\nresets 0\n",
                proc.read(INSTANCE));
        assertEquals(List.of("vm137"), filters.holders(toyModule));
        assertEquals("toy: module is busy: its filter is attached to vm137; echo VMID > /proc/vmware/filters/xmitpop"
                + " detaches it", filters.refusal(toyModule, filters.holders(toyModule)).getMessage());
    }

    @Test
    void aPopDetachesTheInstanceAndFreesTheModuleAndTheNextPushGetsTheNextNumber() throws Exception {
        proc.write(PUSH, "137 toy 1m 2m 160k");
        proc.write(POP, "137");

        assertEquals(List.of(), filters.attachedNames());
        assertFalse(proc.exists(INSTANCE));
        assertEquals(List.of(), filters.holders(toyModule));

        proc.write(PUSH, "137 toy 1m 2m 160k");
        assertEquals(List.of("toy.2.137"), filters.attachedNames());
    }

    @Test
    void everyMalformedPushOrPopIsRefusedWithItsReasonAndChangesNothing() throws Exception {
        proc.write(PUSH, "137 toy 1m 2m 160k");
        start("bare", false);
        start("vm3", true);

        assertRefused(PUSH, "137", Errno.EINVAL, "expected VMID CLASS [ARGUMENTS...], as in 137 nfshaper 1m 2m 160k;"
                + " got '137'");
        assertRefused(PUSH, "x7 toy 1m 2m 160k", Errno.EINVAL, "VM ID 'x7' is not a decimal number");
        assertRefused(PUSH, "999 toy 1m 2m 160k", Errno.ENOENT, "no running virtual machine has VM ID 999 (running:"
                + " 137, 138, 139)");
        assertRefused(PUSH, "139 nfshaper 1m 2m 160k", Errno.ENOENT, "no filter class nfshaper is registered"
                + " (classes: toy), and no registered module declares it (Provide-Capability:"
                + " dlkm.filter;dlkm.filter=nfshaper); load the module that provides it first, as vmkload_mod nfshaper"
                + " loads nfshaper's");
        assertRefused(PUSH, "139 toy 1q 2m 160k", Errno.EINVAL, "vm139: rate '1q' is not a number");
        assertRefused(PUSH, "139 toy 1m 2m", Errno.EINVAL, "vm139: expected RATE PEAK BURST, got 2 arguments");
        assertRefused(PUSH, "137 toy 1m 2m 160k", Errno.EEXIST, "vm137 already has the filter toy.1.137; one transmit"
                + " filter per virtual machine: echo 137 > /proc/vmware/filters/xmitpop detaches it");
        assertRefused(PUSH, "138 toy 1m 2m 160k", Errno.EINVAL, "vm138 has no virtual NIC to filter");
        assertRefused(POP, "139", Errno.ENOENT, "vm139 has no transmit filter (attached: toy.1.137)");
        assertRefused(POP, "137 138", Errno.EINVAL, "expected VMID, as in 137; got '137 138'");
        assertRefused(POP, "999", Errno.ENOENT, "no running virtual machine has VM ID 999 (running: 137, 138, 139)");
        assertEquals(1, created.size(), "no refused push left an instance behind");
    }

    /** What the filter room asked the kernel's autoload to load: module, trigger, requester. */
    private final List<String> autoloads = new ArrayList<>();

    /** An autoload of toymod, which declares the class toy2 and registers it when {@code registers} says so. */
    private FilterClassAutoload toymod(boolean registers, KernelException refusal) {
        return new FilterClassAutoload() {
            @Override
            public List<String> providers(String className) {
                return className.equals("toy2") ? List.of("toymod") : List.of();
            }

            @Override
            public void load(String module, String trigger, String requester) throws KernelException {
                autoloads.add(module + ", " + trigger + ", " + requester);
                if (refusal != null) {
                    throw refusal;
                }
                if (registers) {
                    try {
                        classes.register(module(module), toyClass("toy2"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    @Test
    void aPushOfAClassNobodyRegisteredAutoloadsTheModuleThatDeclaresIt() throws Exception {
        filters.useAutoload(toymod(true, null));

        proc.write(PUSH, "137 toy2 1m 2m 160k");

        assertEquals(List.of("toymod, filter push toy2, vm137"), autoloads);
        assertTrue(proc.exists("/proc/vmware/filters/xmit/toy2.1.137"));
        proc.write(POP, "137");
        proc.write(PUSH, "137 toy2 1m 2m 160k");
        assertEquals(1, autoloads.size(), "a registered class loads nothing");
    }

    @Test
    void aPushWhoseAutoloadFailsOrRegistersNoClassIsRefusedSayingWhy() throws Exception {
        filters.useAutoload(toymod(false, new KernelException(Errno.ENOENT, "toymod: not loaded, and autoload is off"
                + " (modautoload is 0)")));
        assertRefused(PUSH, "137 toy2 1m 2m 160k", Errno.ENOENT, "no filter class toy2 is registered (classes: toy);"
                + " autoloading toymod, which declares it, failed: toymod: not loaded, and autoload is off"
                + " (modautoload is 0)");

        filters.useAutoload(toymod(false, new KernelException(Errno.EPERM, "toymod: its system file says"
                + " $LOADABLE N")));
        assertRefused(PUSH, "137 toy2 1m 2m 160k", Errno.EPERM, "no filter class toy2 is registered (classes: toy);"
                + " autoloading toymod, which declares it, failed: toymod: its system file says $LOADABLE N");

        filters.useAutoload(toymod(false, null));
        assertRefused(PUSH, "137 toy2 1m 2m 160k", Errno.ENOENT, "no filter class toy2 is registered (classes: toy);"
                + " toymod declares it (dlkm.filter) but registered no such class when it loaded");
        assertTrue(created.isEmpty());
    }

    @Test
    void theInstanceEntryTakesConfigMaxqAndResetAndRefusesEverythingElseChangingNothing() throws Exception {
        proc.write(PUSH, "137 toy 1m 2m 160k");
        ToyFilter toy = created.get(0);

        proc.write(INSTANCE, "config 2m 4m 320k");
        proc.write(INSTANCE, "maxq 5");
        proc.write(INSTANCE, "reset");
        assertEquals(List.of("2m", "4m", "320k"), toy.settings);
        assertEquals(5, toy.maxq);
        assertEquals(1, toy.resets);

        String before = proc.read(INSTANCE);
        assertRefused(INSTANCE, "config", Errno.EINVAL, "config: expected the settings after config, as in config 1m"
                + " 2m 160k");
        assertRefused(INSTANCE, "config 2m 4m", Errno.EINVAL, "expected RATE PEAK BURST, got 2 arguments");
        assertRefused(INSTANCE, "maxq -1", Errno.EINVAL, "maxq: expected one whole number of frames, 0 or more; got"
                + " '-1'");
        assertRefused(INSTANCE, "maxq", Errno.EINVAL, "maxq: expected one whole number of frames, 0 or more; got ''");
        assertRefused(INSTANCE, "reset now", Errno.EINVAL, "reset: takes no arguments; got 'now'");
        assertRefused(INSTANCE, "flush", Errno.EINVAL, "unknown command 'flush': expected config SETTINGS, maxq"
                + " FRAMES or reset");
        assertEquals(before, proc.read(INSTANCE));
    }

    @Test
    void stoppingTheMachineDestroysItsFilter() throws Exception {
        proc.write(PUSH, "137 toy 1m 2m 160k");

        vms.stop(home.resolve("vmfs/vm1/vm1.vmx"));

        assertEquals(List.of(), filters.attachedNames());
        assertFalse(proc.exists(INSTANCE));
        assertEquals(List.of(), filters.holders(toyModule));
        assertTrue(log.text().contains("destroyed toy.1.137: vm137 stopped"), log.text());
    }

    @Test
    void framesTheFilterQueuesAreReleasedByTheTimerToTheNicAndItsDriver() throws Exception {
        proc.write(PUSH, "137 toy 1m 2m 160k");
        ToyFilter toy = created.get(0);
        toy.maxq = 2;
        toy.hold = true;
        var nic = vms.byId(137).orElseThrow().nics().get(0);

        assertTrue(filters.transmit(137, 1000));
        assertTrue(filters.transmit(137, 1000));
        assertFalse(filters.transmit(137, 1000), "a full queue drops the frame");
        assertEquals(0, nic.txPackets());
        toy.hold = false;

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (nic.txPackets() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(2, nic.txPackets());
        assertEquals(2000, nic.txBytes());
        assertEquals(2000, driverBytes.get(), "the released frames reached the driver's transmit");
    }

    @Test
    void withoutAFilterAFrameGoesStraightToTheNic() throws Exception {
        assertTrue(filters.transmit(137, 1500));
        assertEquals(1500, vms.byId(137).orElseThrow().nics().get(0).txBytes());
        assertEquals(1500, driverBytes.get());
    }

    @Test
    void aRunAtAnOfferedRateOffersTheFramesDueInRealTimeAndReportsWhatLeft() throws Exception {
        proc.write(PUSH, "137 toy 1m 2m 160k");

        org.dlkm.kernel.vm.TransmitReport r = filters.transmitAt(137, 96_000, 1000, 1);

        assertEquals(12, r.offeredFrames());
        assertEquals(12, r.sentFrames());
        assertEquals(12_000, r.sentBytes());
        assertEquals(0, r.droppedFrames());
        assertEquals(0, r.queuedFrames());
        assertTrue(r.achievedBitsPerSecond() > 80_000 && r.achievedBitsPerSecond() <= 96_000, r.toString());
        assertEquals(12_000, driverBytes.get());
    }

    @Test
    void aRunIsRefusedForARateALengthOrATimeOutOfRange() {
        assertEquals("offered rate 0 must be positive", assertThrows(KernelException.class,
                () -> filters.transmitAt(137, 0, 1000, 1)).getMessage());
        assertEquals("frame length 59 must be 60 to 1514 bytes", assertThrows(KernelException.class,
                () -> filters.transmitAt(137, 1000, 59, 1)).getMessage());
        assertEquals("time 61 must be 1 to 60 seconds", assertThrows(KernelException.class,
                () -> filters.transmitAt(137, 1000, 1000, 61)).getMessage());
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class,
                () -> filters.transmitAt(999, 1000, 1000, 1)).errno());
    }
}
