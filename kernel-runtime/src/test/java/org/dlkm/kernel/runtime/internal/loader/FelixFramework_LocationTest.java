package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Where the seam installs a module jar: at a location of its own for every load, so that the framework never hands
 * one load the bundle of another. The bundle context is a stand-in that keeps the framework's rule: an install at a
 * location already taken returns the bundle installed there.
 */
class FelixFramework_LocationTest {
    @TempDir
    Path dir;

    /** Installed bundles by location, as the framework keeps them. */
    private final Map<String, Bundle> installed = new LinkedHashMap<>();
    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
            case "installBundle" -> {
                try (InputStream in = (InputStream) args[1]) {
                    in.readAllBytes();
                }
                yield installed.computeIfAbsent((String) args[0], FelixFramework_LocationTest::bundle);
            }
            case "getBundle" -> installed.get((String) args[0]);
            default -> throw new UnsupportedOperationException(method.getName());
            });
    private final FelixFramework framework = new FelixFramework(context);

    private static Bundle bundle(String location) {
        return (Bundle) Proxy.newProxyInstance(FelixFramework_LocationTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getLocation" -> location;
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "bundle at " + location;
                default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void twoLoadsFromOneJarPathGetTwoBundles() throws Exception {
        Path jar = Files.writeString(dir.resolve("driver.jar"), "a module jar");

        Bundle first = framework.install(jar);
        Files.writeString(jar, "another module written over it");
        Bundle second = framework.install(jar);

        assertNotSame(first, second);
        assertNotEquals(first.getLocation(), second.getLocation());
        assertEquals(2, installed.size());
    }

    @Test
    void aLocationIsTheJarsUriWithTheNumberOfTheInstall() throws Exception {
        Path jar = Files.writeString(dir.resolve("e100.jar"), "a module jar");

        assertEquals(jar.toUri() + "#load-1", framework.install(jar).getLocation());
        assertEquals(jar.toUri() + "#load-2", framework.install(jar).getLocation());
    }

    @Test
    void aLocationTakenBehindTheKernelsBackIsPassedOver() throws Exception {
        Path jar = Files.writeString(dir.resolve("nfshaper.jar"), "a module jar");
        Bundle behindTheBack = bundle(jar.toUri() + "#load-1");
        installed.put(behindTheBack.getLocation(), behindTheBack);

        Bundle loaded = framework.install(jar);

        assertNotSame(behindTheBack, loaded);
        assertEquals(jar.toUri() + "#load-2", loaded.getLocation());
    }
}
