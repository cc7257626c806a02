package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.dlkm.itest.modules.plain.PlainModule;
import org.dlkm.kernel.ModuleInfo;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Hot deployment (issue 13, first part) with the real Apache Felix FileInstall watching a module directory of its
 * own: a jar copied in is registered as {@code kminstall -a} does; a changed jar of a loaded module is registered and
 * the module reloaded on it; a deleted jar's module is withdrawn; a jar that is not a module is refused once and
 * never installed as a bundle; the shipped jars FileInstall reports at its start change nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeploymentIT extends HotDeploymentSupport {

    @Test
    public void theShippedJarsFileInstallFindsAtItsStartChangeNothing() throws Exception {
        Thread.sleep(1_000); // FileInstall's first scans
        String log = log();
        // e100 is left out: another test of this class replaces its jar
        for (String shipped : List.of("vmklinux", "aic7xxx", "nfshaper")) {
            assertFalse(log, log.contains("deploy: " + modules().resolve(shipped + ".jar")));
            assertFalse(log, log.contains("kminstall: updated " + shipped));
            assertTrue(ok("kmadmin -Q " + shipped).contains("\nImage Origin            shipped ("));
        }
    }

    @Test
    public void aJarCopiedIntoTheModuleDirectoryIsRegisteredAndADeletedOneWithdrawn() throws Exception {
        Path modules = modules();
        drop(TestModuleJar.build("hotplain", PlainModule.class, "misc"), "hotplain.jar");
        await("hotplain registered", () -> catalog.entry("hotplain").isPresent());
        assertTrue(log(), log().contains("deploy: " + modules.resolve("hotplain.jar") + ": registered module hotplain"
                + " (as kminstall -a)"));
        assertTrue("registering loads nothing", bundlesNamed("org.dlkm.itest.hotplain").isEmpty());
        ok("kmadmin -L hotplain");
        ok("kmadmin -U hotplain");

        Files.delete(modules.resolve("hotplain.jar"));
        await("hotplain withdrawn", () -> catalog.entry("hotplain").isEmpty());
    }

    @Test
    public void aChangedJarOfALoadedModuleIsRegisteredAndTheModuleReloadedOnIt() throws Exception {
        Path modules = modules();
        drop(TestModuleJar.build("hotswap", PlainModule.class, "misc"), "hotswap.jar");
        await("hotswap registered", () -> catalog.entry("hotswap").isPresent());
        ok("vmkload_mod hotswap swaptag");
        ModuleInfo before = kernel.query("hotswap").orElseThrow();

        drop(TestModuleJar.build("hotswap", PlainModule.class, "misc", Map.of("Bundle-Version", "2.0.0")),
                "hotswap.jar");
        await("hotswap reloaded", () -> kernel.query("hotswap").map(m -> m.id() != before.id()).orElse(false));
        await("the deployment's log line", () -> log().contains("deploy: " + modules.resolve("hotswap.jar")
                + ": registered the new image of loaded module hotswap"));
        ModuleInfo after = kernel.query("hotswap").orElseThrow();
        assertEquals("swaptag", after.tag());
        assertEquals("2.0.0", after.version());
        assertTrue(log(), log().contains("deploy: " + modules.resolve("hotswap.jar") + ": registered the new image of"
                + " loaded module hotswap (as kminstall -u); Module hotswap updated and reloaded on its new image"));
        ok("vmkload_mod -u hotswap");
        Files.delete(modules.resolve("hotswap.jar"));
        await("hotswap withdrawn", () -> catalog.entry("hotswap").isEmpty());
    }

    @Test
    public void aFileThatIsNotAModuleIsRefusedOnceAndNeverInstalledAsABundle() throws Exception {
        Path modules = modules();
        Path junk = Files.createTempFile("junk", ".jar");
        Files.writeString(junk, "not a zip at all", StandardCharsets.UTF_8);
        drop(junk, "junk.jar");
        drop(TestModuleJar.plainBundle("org.dlkm.itest.notamodule", Map.of()), "notamodule.jar");
        await("both refused", () -> log().contains("junk.jar: not deployed: ")
                && log().contains("notamodule.jar: not deployed: "));
        Thread.sleep(1_000); // several polls
        String log = log();
        assertEquals(log, log.indexOf("junk.jar: not deployed: "), log.lastIndexOf("junk.jar: not deployed: "));
        assertTrue(log, log.contains("notamodule.jar: not deployed: " + modules.resolve("notamodule.jar")
                + ": not a dlkm module: its manifest has no DLKM-Module-Class header"));
        for (Bundle b : context.getBundles()) {
            assertFalse(b.getLocation(), b.getLocation().contains(modules.getFileName().toString()));
        }
        Files.delete(modules.resolve("junk.jar"));
        Files.delete(modules.resolve("notamodule.jar"));
    }

    /** @return a copy of a module jar with one more entry: the same module, another image (another SHA-256) */
    private static Path marked(Path jar, String marker) throws IOException {
        Path copy = Files.createTempFile("marked", ".jar");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("META-INF/dlkm-itest-marker.txt"));
            out.write(marker.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return copy;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    public void kmadminSaysWhereEachImageCameFromWithItsChecksum() throws Exception {
        Path modules = modules();
        Path jar = TestModuleJar.build("hotorigin", PlainModule.class, "misc");
        drop(jar, "hotorigin.jar");
        await("hotorigin registered", () -> catalog.entry("hotorigin").isPresent());

        String q = ok("kmadmin -Q hotorigin");
        assertTrue(q, q.contains("\nImage Origin            hot deployment (" + modules.resolve("hotorigin.jar") + ")\n"
                + "Image SHA-256           " + sha256(jar) + "\n"));
        String e100 = ok("kmadmin -Q vmklinux");
        assertTrue(e100, e100.contains("\nImage Origin            shipped ("));
        assertTrue(ok("kmadmin -S").contains("\nImage Origin            hot deployment"));

        Files.delete(modules.resolve("hotorigin.jar"));
        await("hotorigin withdrawn", () -> catalog.entry("hotorigin").isEmpty());
    }

    @Test
    public void aReplacementWhileADeviceOfTheModuleIsOpenWaitsAndMovesIntoPlaceAtCloseAndUnload() throws Exception {
        Path e100 = modules().resolve("e100.jar");
        byte[] shipped = Files.readAllBytes(e100);
        assertEquals("Opened vmnic0 for vm1", ok("vmkdev -o vmnic0 vm1"));
        int id = kernel.query("e100").orElseThrow().id();
        Path replacement = marked(e100, "a replacement while vmnic0 is open");
        try {
            drop(replacement, "e100.jar");
            await("the deferred update", () -> ok("kmadmin -Q e100").contains("\nPending Update"));
            assertTrue(ok("kmadmin -Q e100").endsWith("\nPending Update          kmupdate -M: its configured image is"
                    + " moved into place and registered the moment it unloads, or at the next shutdown"));
            assertEquals("still the module loaded before", id, kernel.query("e100").orElseThrow().id());
            assertTrue(log(), log().contains("deploy: " + e100 + ": registered the new image of loaded module e100 (as"
                    + " kminstall -u); Module e100: its configured image is moved into place the moment it unloads, or"
                    + " at the next shutdown (it cannot be unloaded now: "));

            assertTrue(refused("vmkload_mod -u e100").contains("vmnic0 is held open by vm1"));
            ok("vmkdev -c vmnic0 vm1");
            ok("vmkload_mod -u e100");

            assertTrue(log(), log().contains("kmupdate: moved the configured image of e100 into place at its unload"));
            String q = ok("kmadmin -Q e100");
            assertFalse(q, q.contains("Pending Update"));
            assertTrue(q, q.contains("\nImage SHA-256           " + sha256(replacement) + "\n"));
            assertTrue(q, q.contains("\nImage Origin            hot deployment (" + e100 + ")\n"));
        } finally {
            devices.handles().forEach(h -> h.close());
                Path back = Files.createTempFile("e100", ".jar");
            Files.write(back, shipped);
            drop(back, "e100.jar");
            await("the shipped e100 back", () -> catalog.registeredImage("e100").map(i -> {
                try {
                    return i.sha256().equals(sha256(back));
                } catch (Exception x) {
                    return false;
                }
            }).orElse(false));
        }
    }

    @Test
    public void aDeletedJarOfALoadedModuleIsWithdrawnTheMomentItUnloadsAndACopyBackEndsTheWait() throws Exception {
        Path modules = modules();
        Path jar = TestModuleJar.build("hotgone", PlainModule.class, "misc");
        drop(jar, "hotgone.jar");
        await("hotgone registered", () -> catalog.entry("hotgone").isPresent());
        ok("kmadmin -L hotgone");

        Files.delete(modules.resolve("hotgone.jar"));
        await("the removal waits", () -> ok("kmadmin -Q hotgone").contains("\nPending Removal"));
        assertTrue(ok("kmadmin -Q hotgone").endsWith("\nPending Removal         withdrawn (as kminstall -d) the moment"
                + " it unloads: " + modules.resolve("hotgone.jar") + " was deleted"));
        assertTrue(refused("kminstall -d hotgone").contains("loaded"));

        drop(jar, "hotgone.jar"); // copied back, unchanged
        await("the wait ends", () -> !ok("kmadmin -Q hotgone").contains("Pending Removal"));
        ok("kmadmin -U hotgone");
        assertTrue("registered still", catalog.entry("hotgone").isPresent());

        ok("kmadmin -L hotgone");
        Files.delete(modules.resolve("hotgone.jar"));
        await("the removal waits", () -> ok("kmadmin -Q hotgone").contains("\nPending Removal"));
        ok("kmadmin -U hotgone");
        assertTrue("withdrawn at its unload", catalog.entry("hotgone").isEmpty());
        assertTrue(log(), log().contains("kminstall: withdrew hotgone at its unload (" + modules.resolve("hotgone.jar")
                + " was deleted)"));
        assertTrue(refused("kmadmin -Q hotgone").contains("no such module"));
    }

    @Test
    public void aJarWrittenInSlowChunksIsDeployedOnceCompleteAndOneTruncatedForGoodIsRefusedOnce() throws Exception {
        Path modules = modules();
        byte[] whole = Files.readAllBytes(TestModuleJar.build("hotslow", PlainModule.class, "misc"));
        Path slow = modules.resolve("hotslow.jar");
        try (var out = Files.newOutputStream(slow)) {
            int chunk = whole.length / 4 + 1;
            for (int i = 0; i < whole.length; i += chunk) {
                out.write(whole, i, Math.min(chunk, whole.length - i));
                out.flush();
                Thread.sleep(700); // longer than FileInstall's poll: it sees each part stable
            }
        }
        byte[] cut = Files.readAllBytes(TestModuleJar.build("hotcut", PlainModule.class, "misc"));
        Files.write(modules.resolve("hotcut.jar"), java.util.Arrays.copyOf(cut, cut.length - 20));

        await("hotslow registered", () -> catalog.entry("hotslow").isPresent());
        await("hotcut refused", () -> log().contains("hotcut.jar: not deployed: "));
        Thread.sleep(1_000);
        String log = log();
        assertFalse(log, log.contains("hotslow.jar: not deployed"));
        assertEquals(log, log.indexOf("hotcut.jar: not deployed: "), log.lastIndexOf("hotcut.jar: not deployed: "));
        assertTrue(catalog.entry("hotcut").isEmpty());
        Files.delete(slow);
        Files.delete(modules.resolve("hotcut.jar"));
        await("hotslow withdrawn", () -> catalog.entry("hotslow").isEmpty());
    }
}
