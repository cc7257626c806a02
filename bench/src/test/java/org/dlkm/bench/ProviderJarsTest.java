package org.dlkm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.dlkm.bench.provider.HashStep;
import org.dlkm.bench.provider.ProviderActivator;
import org.dlkm.bench.provider.ProviderModule;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.spi.ModuleConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;

/** The jars of P2 and P3: the provider module, with and without stubs, and its raw peer. */
class ProviderJarsTest {

    @TempDir
    Path dir;

    @Test
    void theKernelReadsTheProviderModuleAsOneDeclaringItsServiceLoadedByItsWrapper() throws Exception {
        ModuleJar jar = ModuleJar.read(new ModuleJarWriter().writeProviderModule(new ProviderSpec("provider", false),
                dir));
        assertEquals("provider", jar.name());
        assertEquals(List.of(HashStep.SERVICE), jar.providedServices());
        assertEquals(ProviderModule.class.getName(), jar.moduleClass());
        assertTrue(jar.master().loadable());
        assertFalse(jar.master().stub());
        assertEquals(List.of(), jar.exportedPackages());
    }

    @Test
    void aProviderWithStubsSaysSoInItsMasterFile() throws Exception {
        ModuleJar jar = ModuleJar.read(new ModuleJarWriter().writeProviderModule(new ProviderSpec("stubprovider",
                true), dir));
        assertTrue(jar.master().stub());
        assertTrue(jar.master().loadable());
    }

    @Test
    void theRawPeerIsTheModuleJarStartedByAnActivatorInsteadOfTheKernel() throws Exception {
        ModuleJarWriter writer = new ModuleJarWriter();
        ProviderSpec spec = new ProviderSpec("provider", false);
        Path module = writer.writeProviderModule(spec, dir);
        Path peer = writer.writeProviderBundle(spec, dir);
        assertEquals("provider-bundle.jar", peer.getFileName().toString());
        Map<String, String> moduleHeaders = JarContents.headers(module);
        Map<String, String> peerHeaders = JarContents.headers(peer);
        assertEquals(ProviderModule.class.getName(), moduleHeaders.remove(ModuleConstants.MODULE_CLASS_HEADER));
        assertEquals(ProviderActivator.class.getName(), peerHeaders.remove("Bundle-Activator"));
        assertNull(peerHeaders.get(ModuleConstants.MODULE_CLASS_HEADER));
        assertEquals(moduleHeaders, peerHeaders);
        assertEquals(JarContents.entries(module), JarContents.entries(peer));
    }

    @Test
    void theProviderJarHoldsTheWholeProviderPackageAndImportsWhatItUses() throws Exception {
        Path jar = new ModuleJarWriter().writeProviderModule(new ProviderSpec("provider", false), dir);
        List<String> classes = new ArrayList<>();
        for (String e : JarContents.entries(jar)) {
            if (e.endsWith(".class")) {
                classes.add(e);
            }
        }
        Collections.sort(classes);
        assertEquals(List.of("org/dlkm/bench/provider/HashStep.class",
                "org/dlkm/bench/provider/ProviderActivator.class", "org/dlkm/bench/provider/ProviderModule.class"),
                classes);
        assertEquals("org.dlkm.kernel.spi;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"",
                JarContents.headers(jar).get("Import-Package"));
    }

    @Test
    void theServiceIsRegisteredUnderItsClassWithThePropertyTheTrackersFilterOn() throws Exception {
        List<Object[]> registered = new ArrayList<>();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    registered.add(args);
                    return null;
                });
        HashStep.register(context);
        assertEquals(1, registered.size());
        assertEquals(HashStep.SERVICE, registered.get(0)[0]);
        assertTrue(registered.get(0)[1] instanceof HashStep);
        // the framework adds objectClass to the properties a service is registered with
        Hashtable<String, Object> service = new Hashtable<>();
        for (Enumeration<?> keys = ((Dictionary<?, ?>) registered.get(0)[2]).keys(); keys.hasMoreElements();) {
            Object key = keys.nextElement();
            service.put((String) key, ((Dictionary<?, ?>) registered.get(0)[2]).get(key));
        }
        service.put("objectClass", new String[] {HashStep.SERVICE});
        Filter filter = FrameworkUtil.createFilter(HashStep.FILTER);
        assertTrue(filter.match(service));
        Hashtable<String, Object> stub = new Hashtable<>(Map.of("objectClass", new String[] {HashStep.SERVICE},
                "dlkm.stub", "stubprovider"));
        assertFalse(filter.match(stub), "a stub, registered without the property, does not match");
    }

    @Test
    void theServiceMixesItsOperand() {
        HashStep step = new HashStep();
        assertEquals(step.applyAsInt(12_345), step.applyAsInt(12_345));
        assertTrue(step.applyAsInt(1) != step.applyAsInt(2));
        assertTrue(step.applyAsInt(1) != 1);
    }

    @Test
    void aModuleNameIsLettersAndDigits() {
        assertThrows(IllegalArgumentException.class, () -> new ProviderSpec("stub-provider", true));
        assertThrows(IllegalArgumentException.class, () -> new ProviderSpec("1provider", true));
    }
}
