package org.dlkm.kernel.runtime.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceKind;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciId;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.runtime.internal.pci.HardwareDescription;
import org.dlkm.kernel.runtime.internal.pci.PciBus;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens of one device that does not exist share one autoload: 62 threads arriving while it runs all wait for it and
 * then all succeed, or all fail with its error; nothing stays under way afterwards.
 */
class DeviceOpenAutoload_StormTest {
    private static final int THREADS = 62;

    @TempDir
    Path dir;

    private final PciBus bus = new PciBus(HardwareDescription.defaultMachine());
    private final DeviceRegistry devices = new DeviceRegistry(bus, new ProcTreeImpl(), new KernelLog(Clock.systemUTC()));
    private final AtomicInteger loadedId = new AtomicInteger(-1);
    private final AtomicInteger autoloads = new AtomicInteger();
    private final CountDownLatch arrived = new CountDownLatch(THREADS);

    /** A catalog holding e100, the driver of vmnic devices for the EtherExpress Pro/100 at 0:7. */
    private final ModuleCatalog catalog = new ModuleCatalog() {
        private CatalogEntry e100() {
            return new CatalogEntry("e100", "wsio_class", "WSIO", "e100", "e100.jar", "master", "system", true, true,
                    Optional.of(true), List.of(), -1, -1, loadedId.get(), List.of("vmnic"),
                    List.of(new PciId(0x8086, 0x1229)));
        }

        @Override
        public List<CatalogEntry> entries() {
            return List.of(e100());
        }

        @Override
        public Optional<CatalogEntry> entry(String name) {
            return name.equals("e100") ? Optional.of(e100()) : Optional.empty();
        }

        @Override
        public CatalogEntry install(Path jar) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CatalogEntry update(Path jar) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CatalogEntry setConfigure(String name, boolean configure) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CatalogEntry setLoadable(String name, boolean loadable) {
            throw new UnsupportedOperationException();
        }
    };

    private LoadedModule e100() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DLKM-Module-Class", "org.example.E100");
        Path jar = dir.resolve("e100.jar");
        String master = "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\ne100 wsio_class\n$$$\n"
                + "$DRIVER_INSTALL\nvmnic -1 -1\n$$$\n$PCI_ID\n8086 1229\n$$$\n";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("META-INF/dlkm/master"));
            out.write(master.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return new LoadedModule(2, ModuleJar.read(jar), "vmnic", true, Map.of(), Set.of(), false,
                new int[] {-1, -1});
    }

    /** The autoload, once every thread has arrived: e100 claims its card and registers vmnic0. */
    private DriverAutoload succeeding() throws Exception {
        LoadedModule module = e100();
        return (name, trigger, requester) -> {
            autoloads.incrementAndGet();
            awaitEveryone();
            List<PciDevice> cards = bus.claim("e100", d -> d.vendorId() == 0x8086 && d.deviceId() == 0x1229, Set.of());
            devices.register(module, cards.get(0), DeviceKind.NETWORK, new Object());
            loadedId.set(2);
            module.state = ModuleState.LOADED;
            return List.of(module);
        };
    }

    private void awaitEveryone() {
        try {
            assertTrue(arrived.await(30, TimeUnit.SECONDS));
            // the last to arrive is between its count-down and its wait for this autoload
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return each thread's outcome: null for an open that may go on, or what it threw */
    private List<Throwable> storm(DeviceOpenAutoload opens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Throwable>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String holder = "vm" + i;
                futures.add(pool.submit(() -> {
                    arrived.countDown();
                    try {
                        opens.ensure("vmnic0", holder);
                        return null;
                    } catch (KernelException e) {
                        return e;
                    }
                }));
            }
            List<Throwable> outcomes = new ArrayList<>();
            for (Future<Throwable> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixtyTwoOpensOfAMissingDeviceShareOneAutoloadAndAllFindTheDevice() throws Exception {
        DeviceOpenAutoload opens = new DeviceOpenAutoload(bus, devices, catalog, succeeding());

        List<Throwable> outcomes = storm(opens);

        outcomes.forEach(t -> assertNull(t));
        assertEquals(1, autoloads.get());
        assertTrue(devices.device("vmnic0").isPresent());
        assertEquals(Set.of(), opens.underWay());
    }

    @Test
    void whenTheSharedAutoloadFailsEveryOpenFailsWithItsErrorAndNoneTriesAgain() throws Exception {
        DeviceOpenAutoload opens = new DeviceOpenAutoload(bus, devices, catalog, (name, trigger, requester) -> {
            autoloads.incrementAndGet();
            awaitEveryone();
            throw new KernelException(Errno.ENOMEM, "e100: load failed: cannot allocate the receive ring");
        });

        List<Throwable> outcomes = storm(opens);

        for (Throwable t : outcomes) {
            KernelException e = (KernelException) t;
            assertEquals(Errno.ENOMEM, e.errno());
            assertEquals("vmnic0: autoloading its driver e100 failed: e100: load failed: cannot allocate the receive"
                    + " ring", e.getMessage());
        }
        assertEquals(1, autoloads.get());
        assertTrue(devices.device("vmnic0").isEmpty());
        assertEquals(Set.of(), opens.underWay());
    }

    @Test
    void anOpenArrivingWhenTheDriverHasRegisteredTheDeviceButIsStillLoadingWaitsForTheLoad() throws Exception {
        LoadedModule module = e100();
        CountDownLatch registered = new CountDownLatch(1);
        DeviceOpenAutoload opens = new DeviceOpenAutoload(bus, devices, catalog, (name, trigger, requester) -> {
            autoloads.incrementAndGet();
            List<PciDevice> cards = bus.claim("e100", d -> d.vendorId() == 0x8086 && d.deviceId() == 0x1229, Set.of());
            devices.register(module, cards.get(0), DeviceKind.NETWORK, new Object());
            registered.countDown();
            try {
                // the rest of the driver's load
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            module.state = ModuleState.LOADED;
            return List.of(module);
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> {
                opens.ensure("vmnic0", "vm1");
                return null;
            });
            assertTrue(registered.await(30, TimeUnit.SECONDS));
            Future<Boolean> late = pool.submit(() -> {
                opens.ensure("vmnic0", "vm2");
                return devices.usable("vmnic0");
            });

            assertTrue(late.get(30, TimeUnit.SECONDS), "the late open returned while e100 was still loading");
            first.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, autoloads.get());
    }

    @Test
    void anOpenOfADeviceThatExistsAutoloadsNothing() throws Exception {
        DeviceOpenAutoload opens = new DeviceOpenAutoload(bus, devices, catalog, succeeding());
        for (int i = 0; i < THREADS; i++) {
            arrived.countDown();
        }
        opens.ensure("vmnic0", "vm1");
        opens.ensure("vmnic0", "vm2");

        assertEquals(1, autoloads.get());
    }
}
