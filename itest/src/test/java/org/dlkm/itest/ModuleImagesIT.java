package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.itest.modules.badimage.BadImageModule;
import org.dlkm.itest.modules.plain.PlainModule;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.device.DeviceHandle;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * HP-UX's module image updates, "Managing Dynamically Loadable Kernel Modules": {@code config -M} configures a
 * module's image for the running kernel and {@code kmupdate -M} moves it into place, reloading a loaded module on it
 * with the same tag and export flag as one transaction, or at shutdown when the module is busy.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleImagesIT extends KernelTestSupport {
    private static final String PLAIN_CLASS = PlainModule.class.getName().replace('.', '/') + ".class";
    private static final String BAD_CLASS = BadImageModule.class.getName().replace('.', '/') + ".class";

    @After
    public void deleteTheTestModule() throws Exception {
        unloadEverything();
        if (catalog.entry("imgmod").isPresent()) {
            ok("kminstall -d imgmod");
        }
    }

    private Bundle bundleOf(String module) {
        ModuleInfo m = kernel.query(module).orElseThrow();
        return context.getBundle(m.bundleId());
    }

    @Test
    public void aModuleThatIsNotLoadedIsConfiguredThenRegistered() throws Exception {
        ok("kminstall -a " + TestModuleJar.build("imgmod", PlainModule.class, "misc"));

        assertTrue(ok("config -M imgmod"), ok("config -M imgmod").startsWith("Module imgmod configured for the"
                + " running kernel: image "));
        assertEquals("Module imgmod updated: its configured image is registered; it loads from it from now on",
                ok("kmupdate -M imgmod -i").trim());
        String never = refused("kmupdate -M imgmod");
        assertTrue(never, never.startsWith("kmupdate: imgmod: no configured image (")
                && never.endsWith("); config -M imgmod configures one (ENOENT)"));
    }

    @Test
    public void aLoadedModuleIsReloadedOnItsNewImageAsItWasLoaded() throws Exception {
        ok("kminstall -a " + TestModuleJar.build("imgmod", PlainModule.class, "misc"));
        ok("vmkload_mod -e imgmod imgtag");
        int before = kernel.query("imgmod").orElseThrow().id();
        ok("kminstall -u " + TestModuleJar.build("imgmod", PlainModule.class, "misc"));

        String out = ok("config -M imgmod -u");

        ModuleInfo after = kernel.query("imgmod").orElseThrow();
        assertNotEquals(before, after.id());
        assertTrue(out, out.endsWith("Module imgmod updated and reloaded on its new image (ID " + after.id()
                + ", tag imgtag)\n") || out.endsWith("(ID " + after.id() + ", tag imgtag)"));
        assertEquals("imgtag", after.tag());
        assertTrue(after.exportSymbols());
    }

    @Test
    public void aNewImageThatFailsToLoadLeavesTheOldOneRegisteredAndLoaded() throws Exception {
        ok("kminstall -a " + TestModuleJar.build("imgmod", PlainModule.class, "misc"));
        ok("vmkload_mod imgmod imgtag");
        ok("kminstall -u " + TestModuleJar.build("imgmod", BadImageModule.class, "misc"));
        ok("config -M imgmod");

        String refusal = refused("kmupdate -M imgmod -i");

        assertTrue(refusal, refusal.startsWith("kmupdate: imgmod: the new image failed to load: "));
        assertTrue(refusal, refusal.contains("this image does not load"));
        int id = kernel.query("imgmod").orElseThrow().id();
        assertTrue(refusal, refusal.endsWith("; the old image was registered and loaded again (ID " + id + ") (EIO)"));
        assertNotNull(bundleOf("imgmod").getEntry(PLAIN_CLASS));
        assertNull(bundleOf("imgmod").getEntry(BAD_CLASS));
        assertEquals("imgtag", kernel.query("imgmod").orElseThrow().tag());
    }

    @Test
    public void aBusyModuleIsUpdatedAtItsUnloadOrShutdownUnlessAskedForAtOnce() throws Exception {
        ok("kmadmin -L e100");
        DeviceHandle handle = devices.open("vmnic0", "vm1");
        try {
            ok("config -M e100");

            String busy = refused("kmupdate -M e100 -i");
            assertTrue(busy, busy.contains("EBUSY") && busy.contains("kmupdate -M e100 -a updates it at the next"
                    + " shutdown"));
            String deferred = ok("kmupdate -M e100");
            assertTrue(deferred, deferred.startsWith("Module e100: its configured image is moved into place the"
                    + " moment it unloads, or at the next shutdown (it cannot be unloaded now: "));
            assertEquals(List.of("e100"), service(ModuleImages.class).pending());
            assertTrue(ok("kmadmin -Q e100"), ok("/usr/sbin/kmadmin -Q e100").endsWith("\nPending Update          "
                    + "kmupdate -M: its configured image is moved into place and registered the moment it unloads,"
                    + " or at the next shutdown"));
            assertTrue(ok("kmadmin -S").contains("\nPending Update          kmupdate -M:"));
        } finally {
            handle.close();
        }
        assertTrue(ok("kmupdate -M e100 -i").startsWith("Module e100 updated and reloaded on its new image"));
        assertEquals(List.of(), service(ModuleImages.class).pending());
        assertFalse(ok("kmadmin -Q e100").contains("Pending Update"));
    }

    @Test
    public void aDeferredUpdateMovesIntoPlaceAtTheUnloadButAnUpdateAskedForTheShutdownWaitsForIt() throws Exception {
        ok("kmadmin -L e100");
        DeviceHandle handle = devices.open("vmnic0", "vm1");
        try {
            ok("config -M e100");
            ok("kmupdate -M e100");
        } finally {
            handle.close();
        }
        assertEquals("Module e100 unloaded", ok("kmadmin -U e100"));
        assertEquals(List.of(), service(ModuleImages.class).pending());
        assertTrue(ok("cat /proc/vmware/log").contains("kmupdate: moved the configured image of e100 into place at its"
                + " unload"));

        ok("kmadmin -L e100");
        ok("config -M e100");
        ok("kmupdate -M e100 -a");
        ok("kmadmin -U e100");
        assertEquals("-a waits for the shutdown", List.of("e100"), service(ModuleImages.class).pending());
        assertTrue(ok("kmadmin -Q e100").endsWith("registered at the next shutdown"));
        ok("kmupdate -M e100 -i"); // not loaded: registered at once, nothing left pending
        assertEquals(List.of(), service(ModuleImages.class).pending());
    }

    @Test
    public void usageErrorsNameTheProblem() {
        assertTrue(refused("kmupdate -M e100 -i -a").startsWith("kmupdate: -i (at once) and -a (at shutdown)"
                + " exclude each other"));
        assertTrue(refused("config -M").startsWith("config: "));
        assertTrue(refused("config -M nosuch").startsWith("config: nosuch: no such module registered"));
    }

    @Test
    public void aModuleThatIsNotConfiguredOrIsStaticHasNoLoadableImageToConfigure() {
        ok("kmsystem -l N nfshaper");
        try {
            assertEquals("config: nfshaper: configured statically ($LOADABLE N in its system file); config -M builds"
                    + " loadable images: make it loadable with kmsystem -l Y nfshaper, or build it into a kernel with"
                    + " config and a system file (EPERM)", refused("config -M nfshaper"));
        } finally {
            ok("kmsystem -l Y nfshaper");
        }
        ok("kmsystem -c N nfshaper");
        try {
            assertEquals("config: nfshaper: not configured ($CONFIGURE N in its system file); configure it first"
                    + " with kmsystem -c Y nfshaper (EPERM)", refused("config -M nfshaper"));
        } finally {
            ok("kmsystem -c Y nfshaper");
        }
    }

    /**
     * A module's static tunables are recorded with the image {@code config -M} configures, and registered with it by
     * {@code kmupdate -M}; values that belong to another image (a {@code config -M} killed between writing the image
     * and its values) are refused, never registered with it.
     */
    @Test
    public void staticTunablesAreRecordedWithTheConfiguredImageAndRegisteredWithItOnly() throws Exception {
        Path values = Path.of(context.getProperty("dlkm.home")).resolve("stand/build/mod.d/aic7xxx.tunables");
        ok("kmtune -s aic7xxx_max_targets=8");
        try {
            assertTrue(ok("kmtune -q aic7xxx_max_targets").contains("aic7xxx_max_targets          16  -  8"));
            assertTrue(ok("config -M aic7xxx").contains(", static tunables aic7xxx_max_targets=8; kmupdate -M"));
            ok("kmtune -s aic7xxx_max_targets=12");
            String recorded = Files.readString(values);
            String sha = recorded.lines().filter(l -> l.startsWith("image sha256:")).findFirst().orElseThrow();
            Files.writeString(values, recorded.replace(sha, "image sha256:" + "0".repeat(64)));
            String mixed = refused("kmupdate -M aic7xxx");
            assertTrue(mixed, mixed.startsWith("kmupdate: aic7xxx: " + values + " records the static tunables of"
                    + " another configured image (sha256 0000000000000000..., the image has "));
            assertTrue(mixed, mixed.endsWith("; config -M aic7xxx configures the image and its values again (EINVAL)"));
            Files.writeString(values, recorded);

            assertTrue(ok("kmupdate -M aic7xxx -i").startsWith("Module aic7xxx updated: its configured image is"
                    + " registered"));
            assertTrue(ok("kmtune -q aic7xxx_max_targets").contains("aic7xxx_max_targets           8  -  12"));
            ok("kmadmin -L aic7xxx");
            assertTrue(ok("cat /proc/vmware/scsi/vmhba0"), ok("cat /proc/vmware/scsi/vmhba0")
                    .contains("narrow, 8 targets"));
        } finally {
            unloadEverything();
            ok("kmtune -r aic7xxx_max_targets");
            ok("config -M aic7xxx -u");
        }
        assertTrue(ok("kmtune -q aic7xxx_max_targets").contains("aic7xxx_max_targets          16  -  16"));
    }

    private <T> T service(Class<T> type) {
        return context.getService(context.getServiceReference(type));
    }

}
