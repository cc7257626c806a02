package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Boot as {@code /sbin/init.d/kminit} does it, on a kernel home that is not new: the statically configured modules
 * load first and never unload, then the modules named in {@code etc/loadmods}; one that fails is reported and the
 * boot goes on. The home registers nfshaper (configured statically), vmklinux and e100; loadmods names e100 and
 * a module that is not registered.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BootIT extends KernelTestSupport {

    @Override
    protected void prepareHome(Path home) throws IOException {
        Path modules = Path.of(System.getProperty("dlkm.modules"));
        register(home, modules.resolve("nfshaper.jar"), "nfshaper", "N");
        register(home, modules.resolve("vmklinux.jar"), "vmklinux", "Y");
        register(home, modules.resolve("e100.jar"), "e100", "Y");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/loadmods"), "# modules loaded at boot\ne100\nnosuchmodule\n");
    }

    private static void register(Path home, Path jar, String name, String loadable) throws IOException {
        register(home, jar, name, masterOf(jar), ("$VERSION\n1\n$$$\n$CONFIGURE\nY\n$$$\n$LOADABLE\n" + loadable
                + "\n$$$\n$TUNABLE\n$$$\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    @After
    public void unloadEverything() {
        // the boot's modules stay for every test of this class
    }

    @Test
    public void aStaticallyConfiguredModuleIsLoadedAtBootAndNeverUnloads() {
        assertEquals("nfshaper", ok("kmadmin -k"));
        assertTrue(kernel.query("nfshaper").orElseThrow().staticallyConfigured());
        String error = refused("kmadmin -U nfshaper");
        assertTrue(error, error.contains("statically configured"));
        assertTrue(error, error.endsWith("(EPERM)"));
        assertTrue(refused("vmkload_mod -u nfshaper").endsWith("(EPERM)"));
    }

    @Test
    public void theBootListIsDemandLoadedWithDependencies() {
        assertTrue(kernel.query("e100").isPresent());
        assertTrue(kernel.query("vmklinux").isPresent());
        assertTrue(ok("kmadmin -s").contains("e100"));
    }

    @Test
    public void aModuleOfTheBootListThatFailsIsReportedAndTheBootGoesOn() {
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("kminit: loadmods: nosuchmodule: no such module registered"));
        assertTrue(kernel.query("e100").isPresent());
        assertTrue(catalog.entry("aic7xxx").isEmpty());
    }
}
