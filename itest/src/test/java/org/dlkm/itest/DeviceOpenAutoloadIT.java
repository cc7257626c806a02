package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dlkm.itest.modules.hotfail.FailingDriverModule;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Opening a device that does not exist yet ({@code vmkdev -o vmnic0 vm1} with e100 not loaded) autoloads the driver
 * that would create it, with what it depends on, then opens it; a failed autoload fails the open with the load's
 * error and leaves nothing behind. The storm: {@value #THREADS} threads open one unloaded driver's device at once,
 * round after round with an unload between rounds: one load per round, every open succeeds, nothing leaks. The
 * number of rounds is the system property {@value #ROUNDS_PROPERTY}, set in {@code itest/pom.xml} to the 150
 * ({@value #DEFAULT_ROUNDS} when the property is missing, as in an IDE run).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceOpenAutoloadIT extends KernelTestSupport {
    static final int THREADS = 62;
    static final String ROUNDS_PROPERTY = "dlkm.storm.rounds";
    static final int DEFAULT_ROUNDS = 10;

    @After
    public void removeTheTestCardAndModule() throws Exception {
        devices.handles().forEach(DeviceHandle::close);
        PciAddress slot = PciAddress.parse("0:20");
        if (devices.pciDevices().stream().anyMatch(d -> d.address().equals(slot))) {
            devices.hotplugRemove(slot);
        }
        if (catalog.entry("hotfail").isPresent() && kernel.query("hotfail").isEmpty()) {
            catalog.remove("hotfail");
        }
    }

    @Test
    public void openingADeviceThatDoesNotExistAutoloadsItsDriverWithItsDependenciesThenOpensIt() {
        assertEquals("Opened vmnic0 for vm1", ok("vmkdev -o vmnic0 vm1"));

        assertTrue(kernel.query("vmklinux").isPresent());
        assertEquals(List.of("vmnic0"), kernel.query("e100").orElseThrow().devices());
        assertEquals(1, kernel.query("e100").orElseThrow().holdCount());
        assertEquals(List.of("vm1"), devices.device("vmnic0").orElseThrow().holders());
        assertTrue(ok("cat /proc/vmware/net/vmnic0").contains("Open count:     1"));
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.lines().anyMatch(l -> l.contains("e100") && l.contains("device open vmnic0")
                && l.contains("vm1")));
        assertTrue(refused("vmkload_mod -u e100").contains("vmnic0 is held open by vm1"));
        assertTrue(ok("kmadmin -Q e100").endsWith("\nLoaded By               autoload: device open vmnic0, for vm1"));
        assertTrue(ok("kmadmin -Q vmklinux").endsWith("\nLoaded By               autoload: device open vmnic0, for vm1,"
                + " needed by e100"));
    }

    @Test
    public void withAutoloadOffTheOpenIsRefusedSayingSoAndNothingIsLoaded() {
        ok("kmtune -u -s modautoload=0");
        try {
            assertEquals("vmkdev: vmnic0: autoloading its driver e100 failed: e100: not loaded, and autoload is off"
                    + " (modautoload is 0), so the kernel did not load it for vm1 (device open vmnic0); load it with"
                    + " kmadmin -L e100, or turn autoload on with kmtune -u -s modautoload=1 (ENOENT)",
                    refused("vmkdev -o vmnic0 vm1"));
            assertTrue(kernel.list().isEmpty());
            assertTrue(ok("cat /proc/vmware/log").contains("autoload: refused e100 for vm1 (device open vmnic0):"
                    + " modautoload is 0"));
        } finally {
            ok("kmtune -u -r modautoload");
        }
    }

    @Test
    public void theAdaptersOfTheManualsMachineAutoloadAic7xxx() {
        assertEquals("Opened vmhba1 for vm2", ok("vmkdev -o vmhba1 vm2"));
        assertEquals(List.of("vmhba0", "vmhba1"), kernel.query("aic7xxx").orElseThrow().devices());
    }

    @Test
    public void aDeviceNoDriverWouldCreateIsRefusedWithEnodevAndNothingIsLoaded() {
        assertEquals("vmkdev: vmnic1: no such device (devices: none), and no driver would create it: e100 would create"
                + " vmnic0 (ENODEV)", refused("vmkdev -o vmnic1 vm1"));
        assertEquals("vmkdev: eth0: no such device (devices: none), and no registered module installs the driver eth"
                + " ($DRIVER_INSTALL) to autoload (ENODEV)", refused("vmkdev -o eth0 vm1"));
        assertEquals("vmkdev: vmnic: no such device (devices: none) (ENODEV)", refused("vmkdev -o vmnic vm1"));
        assertTrue(kernel.list().isEmpty());

        ok("vmkdev -o vmnic0 vm1");
        assertEquals("vmkdev: vmnic1: no such device (devices: vmnic0); e100, the driver of vmnic devices, is loaded and"
                + " created no vmnic1 (ENODEV)", refused("vmkdev -o vmnic1 vm1"));
    }

    @Test
    public void aDriverThatIsNotConfiguredFailsTheOpenWithThePlansEpermAndLoadsNothing() {
        ok("kmsystem -c N e100");
        try {
            assertEquals("vmkdev: vmnic0: autoloading its driver e100 failed: e100: not configured ($CONFIGURE N in its"
                    + " system file); configure it with kmsystem -c Y e100 (EPERM)", refused("vmkdev -o vmnic0 vm1"));
            assertTrue(kernel.list().isEmpty());
        } finally {
            ok("kmsystem -c Y e100");
        }
    }

    @Test
    public void aFailedAutoloadFailsTheOpenWithTheLoadsErrorAndLeavesNothingBehind() throws Exception {
        catalog.install(TestModuleJar.withMaster("hotfail", FailingDriverModule.class,
                PciHotplugIT.FAILING_DRIVER_MASTER));
        refused("hotplug add 0:20 8086:7111");

        assertEquals("vmkdev: vmxfail0: autoloading its driver hotfail failed: hotfail: demand load failed at step 1 of"
                + " 1 (loading hotfail): hotfail: load failed: cannot allocate the descriptor ring (ENOMEM)",
                refused("vmkdev -o vmxfail0 vm1"));

        assertNothingOfHotfail();
    }

    @Test
    public void aStormOfOpensOfAFailingDriversDeviceFailsEveryOpenAlikeAndLeavesNothing() throws Exception {
        catalog.install(TestModuleJar.withMaster("hotfail", FailingDriverModule.class,
                PciHotplugIT.FAILING_DRIVER_MASTER));
        refused("hotplug add 0:20 8086:7111");

        for (Object outcome : storm("vmxfail0", 0)) {
            assertTrue(String.valueOf(outcome), outcome instanceof KernelException k && k.errno() == Errno.ENOMEM
                    && k.getMessage().startsWith("vmxfail0: autoloading its driver hotfail failed: "));
        }
        assertNothingOfHotfail();
    }

    private void assertNothingOfHotfail() {
        assertTrue(kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.hotfail").isEmpty());
        assertTrue(devices.devices().isEmpty());
        assertTrue(devices.handles().isEmpty());
        assertFalse(proc.exists("/proc/vmware/hotfail"));
        assertFalse(proc.exists("/proc/vmware/net/vmxfail0"));
        assertTrue(threadsNamed("dlkm-hotfail").isEmpty());
        PciDevice card = devices.pciDevices().stream().filter(d -> d.address().toString().equals("0:20")).findFirst()
                .orElseThrow();
        assertTrue(card.claimedBy().isEmpty());
    }

    @Test
    public void aStormOfOpensOfOneUnloadedDriversDeviceLoadsItOncePerRoundAndLeaksNothing() throws Exception {
        int rounds = Integer.getInteger(ROUNDS_PROPERTY, DEFAULT_ROUNDS);
        for (int round = 1; round <= rounds; round++) {
            assertTrue(kernel.list().isEmpty());
            Set<String> logBefore = new HashSet<>(ok("cat /proc/vmware/log").lines().toList());
            List<Object> outcomes = storm("vmnic0", round);

            for (Object outcome : outcomes) {
                assertTrue("round " + round + ": " + outcome, outcome instanceof DeviceHandle);
            }
            assertEquals(THREADS, devices.device("vmnic0").orElseThrow().openCount());
            String tag = "-r" + round + "-t";
            List<String> logged = ok("cat /proc/vmware/log").lines().filter(l -> !logBefore.contains(l)).toList();
            assertEquals("autoloads of e100 in round " + round, 1,
                    logged.stream().filter(l -> l.contains("device open vmnic0") && l.contains(tag)).count());
            assertEquals("loads of e100 in round " + round, 1,
                    logged.stream().filter(l -> l.contains("e100: loaded as ID")).count());
            for (Object outcome : outcomes) {
                ((DeviceHandle) outcome).close();
            }
            kernel.unload("e100");
            kernel.unload("vmklinux");
        }
        assertTrue(kernel.list().isEmpty());
        assertTrue(devices.handles().isEmpty());
        assertTrue(devices.devices().isEmpty());
        assertFalse(proc.exists("/proc/vmware/net/vmnic0"));
        assertTrue(bundlesNamed("org.dlkm.driver.e100").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.vmklinux").isEmpty());
        assertTrue(threadsNamed("dlkm-e100").isEmpty());
        assertTrue(threadsNamed("dlkm-storm").isEmpty());
    }

    /**
     * Opens the device from {@value #THREADS} threads released at once, holders {@code vm-r<round>-t<i>}.
     *
     * @return each thread's handle, or what it threw
     */
    private List<Object> storm(String device, int round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "dlkm-storm");
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String holder = "vm-r" + round + "-t" + i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return devices.open(device, holder);
                    } catch (KernelException e) {
                        return e;
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
