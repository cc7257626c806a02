package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.dlkm.itest.modules.greeter.GreeterModule;
import org.dlkm.itest.modules.dsconsumer.GreetingPrinter;
import org.dlkm.itest.modules.greeterclient.GreeterClientModule;
import org.dlkm.itest.modules.mutual.MutualModule;
import org.dlkm.kernel.ModuleInfo;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Autoload through service demand (issue 12, items 1, 2 and 6): a registered module that declares a service
 * ({@code Provide-Capability: osgi.service}) is loaded by the kernel when a bundle asks the registry for that
 * service and none is there: a tracker opening, a lookup that finds nothing, module code waiting in its own load.
 * While a bundle uses the service the module is busy. Failures, cycles, the switch and a storm of consumers.
 *
 * <p>Why this class is large: each trigger and refusal of service autoload needs its own consumer and assertions on
 * what an administrator sees, and they share the registration and settling helpers; split by trigger, the classes
 * would each boot a framework of their own for a handful of tests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AutoloadServicesIT extends KernelTestSupport {
    /** Rounds of the storm; {@code -Ddlkm.test.autoload.rounds=N} runs more. */
    private static final int ROUNDS = Integer.getInteger("dlkm.test.autoload.rounds", 150);
    private static final int CONSUMERS = 62;

    private final List<String> installed = new ArrayList<>();

    private void register(String name, Class<?> wrapper, String service) throws Exception {
        Path jar = TestModuleJar.build(name, wrapper, "misc", Map.of(
                "Provide-Capability", "osgi.service;objectClass:List<String>=\"" + service + "\"",
                "Import-Package", "org.osgi.util.tracker;version=\"[1.5,2)\""));
        ok("kminstall -a " + jar);
        installed.add(name);
    }

    /**
     * Waits until no module is loading: a consumer gets a service as soon as the module registers it, which may be
     * before the module's load has returned.
     */
    private void settle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (kernel.list().size() != kernelRows()) {
            assertTrue("a module is still loading", System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    /** @return the modules in the table, loading ones included */
    private int kernelRows() {
        int n = 0;
        for (String name : List.of("greeter", "greeterfail", "greeterclient", "pinga", "pingb")) {
            n += kernel.query(name).isPresent() ? 1 : 0;
        }
        return n;
    }

    @After
    public void withdrawTestModules() throws Exception {
        settle();
        unloadEverything();
        for (String name : installed) {
            ok("kminstall -d " + name);
        }
        ok("kmtune -u -r modautoload");
    }

    private ServiceTracker<Object, Object> greeterTracker() throws Exception {
        ServiceTracker<Object, Object> t = new ServiceTracker<>(context, context.createFilter(GreeterModule.FILTER),
                null);
        t.open();
        return t;
    }

    private String log() {
        return ok("cat /proc/vmware/log");
    }

    @Test
    public void aTrackerForADeclaredServiceAutoloadsItsModuleWhichIsBusyWhileTheServiceIsUsed() throws Exception {
        register("greeter", GreeterModule.class, "java.util.function.Supplier");
        String probe = "bundle " + context.getBundle().getSymbolicName() + " [" + context.getBundle().getBundleId()
                + "]";
        ServiceTracker<Object, Object> tracker = greeterTracker();
        try {
            Object service = tracker.waitForService(10_000);
            assertNotNull("the greeter's service did not arrive", service);
            assertEquals("hello from greeter", ((Supplier<?>) service).get());
            settle();

            String query = ok("kmadmin -Q greeter");
            assertTrue(query, query.contains("\nHold Count              1\n"));
            assertTrue(query, query.contains("\nHeld By                 service java.util.function.Supplier by "
                    + probe + "\n"));
            assertTrue(query, query.endsWith("\nLoaded By               autoload: service java.util.function.Supplier,"
                    + " for " + probe));
            assertEquals("vmkload_mod: greeter: module is busy: its service java.util.function.Supplier is in use by "
                    + probe + "; its user must release it (unget the service, or stop the user) first (EBUSY)",
                    refused("vmkload_mod -u greeter"));
            assertTrue(refused("kmadmin -U greeter").endsWith("(EBUSY)"));
        } finally {
            tracker.close();
        }
        assertTrue(log(), log().contains("autoload: loaded greeter for " + probe
                + " (service java.util.function.Supplier)"));
        ok("kmadmin -U greeter");
        assertTrue(bundlesNamed("org.dlkm.itest.greeter").isEmpty());
    }

    @Test
    public void aTrackerOpenBeforeTheModuleIsRegisteredGetsItAutoloadedWhenItIsRegistered() throws Exception {
        ServiceTracker<Object, Object> tracker = greeterTracker();
        try {
            assertNull(tracker.waitForService(200));
            register("greeter", GreeterModule.class, "java.util.function.Supplier");
            assertNotNull("kminstall -a of the module did not serve the open tracker", tracker.waitForService(10_000));
        } finally {
            tracker.close();
        }
        settle();
        assertTrue(ok("kmadmin -Q greeter").contains("\nLoaded By               autoload: service"
                + " java.util.function.Supplier, for bundle "));
    }

    @Test
    public void aLookupThatFindsNothingAutoloadsTheModuleForTheNextLookup() throws Exception {
        register("greeter", GreeterModule.class, "java.util.function.Supplier");
        assertNull(context.getServiceReference(Supplier.class));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (context.getServiceReferences(Supplier.class, "(dlkm.test=greeter)").isEmpty()) {
            assertTrue("the lookup did not autoload greeter", System.nanoTime() < deadline);
            Thread.sleep(10);
        }
        settle();
        assertTrue(kernel.query("greeter").isPresent());
    }

    @Test
    public void aModuleWaitingInItsLoadForAServiceGetsItsProviderAutoloadedIntoTheSameRequest() throws Exception {
        register("greeter", GreeterModule.class, "java.util.function.Supplier");
        Path client = TestModuleJar.build("greeterclient", GreeterClientModule.class, "misc",
                Map.of("Import-Package", "org.osgi.util.tracker;version=\"[1.5,2)\""));
        long start = System.nanoTime();
        assertTrue(ok("vmkload_mod " + client + " client").startsWith("Loaded module greeterclient"));
        assertTrue("the client waited for its own timeout", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8));
        assertEquals("hello from greeter", ok("cat /proc/vmware/greeterclient/got").strip());
        assertTrue(ok("kmadmin -Q greeter").endsWith("\nLoaded By               module greeterclient, from its load"
                + " (autoload: service java.util.function.Supplier, for module greeterclient)"));
        ok("vmkload_mod -u greeterclient");
        ok("vmkload_mod -u greeter");
    }

    @Test
    public void aDeclarativeServicesComponentsMandatoryReferenceAutoloadsTheModule() throws Exception {
        register("greeter", GreeterModule.class, "java.util.function.Supplier");
        String descriptor = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"greeting-printer\">\n"
                + "  <implementation class=\"" + GreetingPrinter.class.getName() + "\"/>\n"
                + "  <service><provide interface=\"java.lang.Runnable\"/></service>\n"
                + "  <property name=\"dlkm.test\" value=\"dsconsumer\"/>\n"
                + "  <reference name=\"greeter\" interface=\"java.util.function.Supplier\""
                + " target=\"(dlkm.test=greeter)\" cardinality=\"1..1\" policy=\"dynamic\" bind=\"setGreeter\""
                + " unbind=\"unsetGreeter\"/>\n"
                + "</scr:component>\n";
        Path jar = TestModuleJar.plainBundle("org.dlkm.itest.dsconsumer", GreetingPrinter.class,
                Map.of("Service-Component", "OSGI-INF/printer.xml"), Map.of("OSGI-INF/printer.xml", descriptor));
        org.osgi.framework.Bundle consumer = context.installBundle(jar.toUri().toString());
        try {
            consumer.start();
            ServiceTracker<Object, Object> printer = new ServiceTracker<>(context,
                    context.createFilter("(&(objectClass=java.lang.Runnable)(dlkm.test=dsconsumer))"), null);
            printer.open();
            try {
                assertNotNull("SCR did not satisfy the component's reference", printer.waitForService(10_000));
            } finally {
                printer.close();
            }
            settle();
            assertTrue(ok("kmadmin -Q greeter").endsWith("\nLoaded By               autoload: service"
                    + " java.util.function.Supplier, for bundle org.dlkm.itest.dsconsumer [" + consumer.getBundleId()
                    + "]"));
            assertTrue(refused("vmkload_mod -u greeter").contains("is in use by bundle org.dlkm.itest.dsconsumer ["));
        } finally {
            consumer.uninstall();
        }
        ok("vmkload_mod -u greeter");
    }

    @Test
    public void autoloadsRacingUnloadsOfTheSameModuleLeaveTheTableConsistent() throws Exception {
        register("greeter", GreeterModule.class, "java.util.function.Supplier");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                work.add(pool.submit(() -> {
                    for (int n = 0; n < 30; n++) {
                        ServiceTracker<Object, Object> t = greeterTracker();
                        t.waitForService(n % 2 == 0 ? 50 : 1);
                        t.close(); // a consumer that goes away, maybe before the autoload ends
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                for (int n = 0; n < 60; n++) {
                    try {
                        kernel.unload("greeter");
                    } catch (org.dlkm.kernel.KernelException notLoadedOrBusy) {
                        // not loaded, loading, or held by a consumer at that moment
                    }
                    Thread.sleep(2);
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        settle();
        List<ModuleInfo> loaded = kernel.list();
        assertTrue(loaded.toString(), loaded.isEmpty() || loaded.size() == 1 && loaded.get(0).name().equals("greeter"));
        assertEquals(loaded.size(), bundlesNamed("org.dlkm.itest.greeter").size());
        if (!loaded.isEmpty()) {
            assertEquals("no consumer holds it any more", 0, loaded.get(0).holdCount());
            ok("vmkload_mod -u greeter");
        }
        assertTrue(bundlesNamed("org.dlkm.itest.greeter").isEmpty());
    }

    @Test
    public void aModuleThatFailsWhileAutoloadedLeavesNothingAndTheTrackerSeesNoService() throws Exception {
        register("greeterfail", GreeterModule.class, "java.util.function.Supplier");
        ServiceTracker<Object, Object> tracker = greeterTracker();
        try {
            assertNull(tracker.waitForService(2_000));
        } finally {
            tracker.close();
        }
        assertTrue(kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.greeterfail").isEmpty());
        String log = log();
        assertTrue(log, log.contains("autoload: failed to load greeterfail for bundle "));
        assertTrue(log, log.contains("greeterfail refuses to load"));
    }

    @Test
    public void twoModulesAutoloadingEachOthersServicesInTheirLoadEndInEdeadlkNotAHang() throws Exception {
        register("pinga", MutualModule.class, "java.util.function.IntSupplier");
        register("pingb", MutualModule.class, "java.util.function.LongSupplier");
        long start = System.nanoTime();
        String error = refused("kmadmin -L pinga");
        assertTrue("it took " + (System.nanoTime() - start) / 1_000_000 + " ms",
                System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertTrue(error, error.contains("pinga: no LongSupplier arrived within 2 s"));
        String log = log();
        assertTrue(log, log.contains("pinga: cannot load pinga from the load of pingb: pinga is in its own load"
                + " (pinga load -> pingb load) (EDEADLK)"));
        assertTrue(kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.ping").isEmpty());
    }

    @Test
    public void withAutoloadOffADemandIsLoggedAndRefused() throws Exception {
        register("greeter", GreeterModule.class, "java.util.function.Supplier");
        ok("kmtune -u -s modautoload=0");
        ServiceTracker<Object, Object> tracker = greeterTracker();
        try {
            assertNull(tracker.waitForService(1_000));
        } finally {
            tracker.close();
        }
        assertTrue(kernel.list().isEmpty());
        assertTrue(log(), log().contains("autoload: refused greeter for bundle "));
        assertTrue(log(), log().contains(" (service java.util.function.Supplier): modautoload is 0"));
        ok("kmtune -u -s modautoload=1");
        tracker = greeterTracker();
        try {
            assertNotNull(tracker.waitForService(10_000));
        } finally {
            tracker.close();
        }
        settle();
    }

    /**
     * After Linux's kmod selftest: 62 consumers ask for the same absent service at once, round after round with an
     * unload between rounds; each round loads the module exactly once and every consumer gets the service.
     */
    @Test
    public void aStormOfConsumersLoadsTheModuleOncePerRoundAndLeaksNothing() throws Exception {
        register("greeter", GreeterModule.class, "java.util.function.Supplier");
        ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS);
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        int firstId = -1;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Callable<String>> consumers = new ArrayList<>();
                for (int i = 0; i < CONSUMERS; i++) {
                    consumers.add(() -> {
                        go.await();
                        ServiceTracker<Object, Object> t = greeterTracker();
                        try {
                            Object s = t.waitForService(10_000);
                            return s == null ? "nothing" : String.valueOf(((Supplier<?>) s).get());
                        } finally {
                            t.close();
                        }
                    });
                }
                List<Future<String>> answers = new ArrayList<>();
                for (Callable<String> c : consumers) {
                    answers.add(pool.submit(c));
                }
                go.countDown();
                for (Future<String> a : answers) {
                    assertEquals("round " + round, "hello from greeter", a.get(20, TimeUnit.SECONDS));
                }
                settle();
                ModuleInfo greeter = kernel.query("greeter").orElseThrow();
                // module IDs are never reused: one load a round makes them consecutive
                firstId = round == 0 ? greeter.id() : firstId;
                assertEquals("the loads of round " + round, firstId + round, greeter.id());
                if (round < 3) {
                    loaders.add(new WeakReference<>(context.getBundle(greeter.bundleId()).adapt(BundleWiring.class)
                            .getClassLoader()));
                }
                kernel.unload("greeter");
            }
        } finally {
            pool.shutdownNow();
        }
        Thread.sleep(200);
        assertTrue("a late demand loaded greeter again after the last round", kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.greeter").isEmpty());
        assertEquals(List.of(), threadsNamed("dlkm-autoload-for-"));
        assertEquals(List.of(), threadsNamed("dlkm-modules-nested-"));
        for (int i = 0; i < 50 && loaders.stream().anyMatch(l -> l.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue("a class loader of an unloaded greeter is still reachable",
                loaders.stream().allMatch(l -> l.get() == null));
    }
}
