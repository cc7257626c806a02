package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

import org.dlkm.itest.modules.greeter.GreeterModule;
import org.dlkm.kernel.ModuleInfo;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

/**
 * Stubs (issue 12, item 5): a module whose master file's {@code $LOADABLE} holds {@code stub} gets, at boot, a stub
 * for each service it declares; the first call through it loads the module and forwards the call, later calls go to
 * the module's service, a failed load makes the call throw naming the module and the reason, and after the module
 * unloads the stub loads it again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AutoloadStubsIT extends KernelTestSupport {

    @Override
    protected void prepareHome(Path home) throws IOException {
        stubModule(home, "greeterstub");
        stubModule(home, "greeterstubfail");
    }

    private static void stubModule(Path home, String name) throws IOException {
        String master = "* " + name + ": a greeter with stubs\n$VERSION\n1\n$$$\n$LOADABLE\nstub\n$$$\n$INTERFACE\nbase\n"
                + "$$$\n$TYPE\n" + name + " misc\n$$$\n";
        Path jar = TestModuleJar.withMaster(name, GreeterModule.class, master, Map.of("Provide-Capability",
                "osgi.service;objectClass:List<String>=\"java.util.function.Supplier\""));
        register(home, jar, name, master.getBytes(StandardCharsets.UTF_8),
                "$VERSION\n1\n$$$\n$CONFIGURE\nY\n$$$\n$LOADABLE\nY\n$$$\n$TUNABLE\n$$$\n".getBytes(
                        StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private Supplier<String> stubOf(String module) throws Exception {
        Collection<ServiceReference<Supplier>> refs = context.getServiceReferences(Supplier.class,
                "(dlkm.stub=" + module + ")");
        assertEquals("the stubs of " + module, 1, refs.size());
        return context.getService(refs.iterator().next());
    }

    @Test
    public void theFirstCallThroughAStubLoadsTheModuleAndLaterCallsGoToItsService() throws Exception {
        Supplier<String> stub = stubOf("greeterstub");
        assertTrue(kernel.query("greeterstub").isEmpty());
        assertFalse("a class generated for Supplier, not a proxy: " + stub.getClass(),
                java.lang.reflect.Proxy.isProxyClass(stub.getClass()));
        assertEquals("stub of java.util.function.Supplier for module greeterstub", stub.toString());

        assertEquals("hello from greeterstub", stub.get());

        ModuleInfo loaded = kernel.query("greeterstub").orElseThrow();
        assertTrue(loaded.loadedBy(), loaded.loadedBy().startsWith("autoload: stub call java.util.function.Supplier.get,"
                + " for thread "));
        assertEquals("hello from greeterstub", stub.get());
        assertEquals(loaded.id(), kernel.query("greeterstub").orElseThrow().id());
        assertTrue("the kernel's stub does not hold the module", loaded.serviceUsers().isEmpty());
        assertTrue(ok("cat /proc/vmware/log").contains("autoload: loaded greeterstub for thread "));

        ok("kmadmin -U greeterstub");
        assertEquals("after the unload the stub loads the module again", "hello from greeterstub", stub.get());
        assertNotEquals(loaded.id(), kernel.query("greeterstub").orElseThrow().id());
    }

    @Test
    public void aStubWhoseModuleFailsToLoadThrowsNamingTheModuleAndTheReasonAndLeavesNothing() throws Exception {
        Supplier<String> stub = stubOf("greeterstubfail");
        try {
            stub.get();
            fail("the call through the stub of a module that cannot load returned");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("greeterstubfail: the stub of"
                    + " java.util.function.Supplier could not load it: greeterstubfail: demand load failed at step 1"
                    + " of 1 (loading greeterstubfail): greeterstubfail: load failed: "));
            assertTrue(e.getMessage(), e.getMessage().endsWith("greeterstubfail refuses to load (EIO)"));
        }
        assertTrue(kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.greeterstubfail").isEmpty());
    }

    @Test
    public void stubsAreTheLowestRankedServiceSoThatTheModulesOwnIsFoundOnceLoaded() throws Exception {
        stubOf("greeterstub").get();
        ServiceReference<?> best = context.getServiceReference(Supplier.class.getName());
        assertEquals("greeter", best.getProperty("dlkm.test"));
    }
}
