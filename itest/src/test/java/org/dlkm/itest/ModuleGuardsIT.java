package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.dlkm.itest.modules.plain.PlainModule;
import org.dlkm.kernel.ModuleInfo;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * What keeps one module from taking what belongs to another or to the kernel: each load has a bundle of its own,
 * even from a path another load used; a major number has one holder; no module exports a package of the kernel or
 * of the framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleGuardsIT extends KernelTestSupport {

    private static Path shipped(String module) {
        return Path.of(System.getProperty("dlkm.modules"), module + ".jar");
    }

    @Test
    public void aModuleLoadedFromTheJarPathOfALoadedOneGetsABundleOfItsOwn() throws Exception {
        Path jar = Files.createTempDirectory("dlkm-guards").resolve("driver.jar");
        Files.copy(shipped("nfshaper"), jar);
        ok("vmkload_mod " + jar + " nfshaper");
        Files.copy(TestModuleJar.build("plainmod", PlainModule.class, "misc"), jar, StandardCopyOption.REPLACE_EXISTING);

        assertTrue(ok("vmkload_mod " + jar + " plainmod").startsWith("Loaded module plainmod (ID "));

        ModuleInfo nfshaper = kernel.query("nfshaper").orElseThrow();
        ModuleInfo plainmod = kernel.query("plainmod").orElseThrow();
        assertNotEquals(nfshaper.bundleId(), plainmod.bundleId());
        ok("vmkload_mod -u plainmod");
        Bundle survivor = context.getBundle(nfshaper.bundleId());
        assertEquals(Bundle.ACTIVE, survivor.getState());
        assertEquals("org.dlkm.nfshaper", survivor.getSymbolicName());
        assertTrue(ok("cat /proc/vmware/filters/status").contains("nfshaper"));
    }

    @Test
    public void aModuleExportingAKernelPackageIsRefusedByKminstallAndByEveryLoad() throws Exception {
        Path evil = TestModuleJar.build("evil", PlainModule.class, "misc", Map.of("Export-Package",
                "org.dlkm.kernel.net"));
        String why = "evil: exports org.dlkm.kernel.net, which the kernel provides; a module may not export a package"
                + " of the kernel or the framework: remove it from the module's Export-Package (EPERM)";

        assertEquals("kminstall: " + why, refused("kminstall -a " + evil));
        assertEquals("vmkload_mod: " + why, refused("vmkload_mod " + evil + " evil"));

        assertTrue(catalog.entry("evil").isEmpty());
        assertTrue(kernel.query("evil").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.evil").isEmpty());
        // nfshaper imports org.dlkm.kernel.net: its demand load still plans nfshaper alone
        assertTrue(ok("kmadmin -L -n nfshaper").contains("  1. nfshaper     target\nAlready loaded: none"));
        assertTrue(ok("kmadmin -L nfshaper").startsWith("Module nfshaper loaded"));
    }

    @Test
    public void aModuleExportingAFrameworkPackageIsRefused() throws Exception {
        Path jar = TestModuleJar.build("hooker", PlainModule.class, "misc", Map.of("Export-Package",
                "org.osgi.framework.hooks.resolver"));

        String error = refused("vmkload_mod " + jar + " hooker");

        assertEquals("vmkload_mod: hooker: exports org.osgi.framework.hooks.resolver, which the framework provides;"
                + " a module may not export a package of the kernel or the framework: remove it from the module's"
                + " Export-Package (EPERM)", error);
        assertTrue(refused("kminstall -a " + jar).endsWith("(EPERM)"));
    }

    private static Path withMajors(String name, String majors) throws Exception {
        return TestModuleJar.withMaster(name, PlainModule.class, "* test module\n$VERSION\n1\n$$$\n$LOADABLE\n$$$\n"
                + "$INTERFACE\nbase\n$$$\n$TYPE\n" + name + " wsio_class\n$$$\n$DRIVER_INSTALL\n" + name + " " + majors
                + "\n$$$\n");
    }

    @Test
    public void aSecondModuleWithTheSameFixedMajorsIsRefusedNamingTheHolder() throws Exception {
        ok("vmkload_mod " + withMajors("blka", "64 65") + " blka");

        String error = refused("vmkload_mod " + withMajors("blkb", "64 65") + " blkb");

        int holder = kernel.query("blka").orElseThrow().id();
        assertEquals("vmkload_mod: blkb: block major 64 is held by blka (ID " + holder + "); unload blka first, or"
                + " give blkb a free major, or -1 for one the kernel assigns, in its $DRIVER_INSTALL (EEXIST)", error);
        assertTrue(kernel.query("blkb").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.blkb").isEmpty());
        String blka = ok("kmadmin -Q blka");
        assertTrue(blka, blka.contains("Block Major             64"));
        assertTrue(blka, blka.contains("Character Major         65"));
        assertTrue(refused("vmkload_mod " + withMajors("chrb", "80 65") + " chrb").contains(
                "chrb: character major 65 is held by blka"));
    }
}
