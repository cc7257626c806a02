package org.dlkm.kernel.runtime.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;

import org.dlkm.kernel.spi.KernelModule;
import org.junit.jupiter.api.Test;

/**
 * The wrapper check's words when a module sees the SPI from another copy of kernel-api than the kernel: the
 * extender capability carries no {@code uses} constraint, so the loader, not the resolver, tells that case apart.
 */
class ModuleLoader_OtherSpiTest {

    @Test
    void aWrapperImplementingAnotherCopyOfTheSpiIsNamedSo() throws Exception {
        URL api = KernelModule.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader other = new URLClassLoader(new URL[] {api}, ClassLoader.getPlatformClassLoader())) {
            Class<?> otherSpi = other.loadClass(KernelModule.class.getName());
            Class<?> wrapper = Proxy.newProxyInstance(other, new Class<?>[] {otherSpi}, (p, m, a) -> null).getClass();

            assertFalse(KernelModule.class.isAssignableFrom(wrapper));
            String why = ModuleLoader.otherSpi(wrapper);
            assertTrue(why.startsWith(" of the kernel: it sees org.dlkm.kernel.spi from class loader " + other),
                    why);
            assertTrue(why.contains(", the kernel from class loader " + KernelModule.class.getClassLoader()), why);
        }
    }

    @Test
    void aClassImplementingNoSpiAtAllGetsNoMoreWords() {
        assertEquals("", ModuleLoader.otherSpi(String.class));
    }
}
