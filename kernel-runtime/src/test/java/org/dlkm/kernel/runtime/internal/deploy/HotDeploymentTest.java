package org.dlkm.kernel.runtime.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What hot deployment does with each file FileInstall reports, against a catalog that records the calls.
 *
 * <p>Why this class is large: one test per rule of the deployment (new, changed, deleted, refused, settling,
 * restarted), over one recording catalog.
 */
class HotDeploymentTest {
    /** How long a file that does not open as a zip may stay so before it is refused, here. */
    private static final long SETTLE_MILLIS = 300;
    /** How long a jar copied over a deployed one must keep its content before it is read, here. */
    private static final long QUIET_MILLIS = 100;

    @TempDir
    Path dir;

    private final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, CatalogEntry> registered = new LinkedHashMap<>();
    private final KernelLog log = new KernelLog(Clock.systemUTC());
    private HotDeployment deployment;

    private final class RecordingCatalog implements DeploymentCatalog {
        @Override
        public Optional<CatalogEntry> entry(String name) {
            return Optional.ofNullable(registered.get(name));
        }

        @Override
        public boolean registered(String name) {
            return registered.containsKey(name);
        }

        @Override
        public CatalogEntry install(Path jar) throws KernelException {
            String name = ModuleJar.read(jar).name();
            calls.add("install " + name);
            CatalogEntry e = registeredEntry(name, jar, -1);
            registered.put(name, e);
            return e;
        }

        @Override
        public CatalogEntry update(Path jar) throws KernelException {
            String name = ModuleJar.read(jar).name();
            calls.add("update " + name);
            CatalogEntry e = registeredEntry(name, jar, registered.get(name).loadedId());
            registered.put(name, e);
            return e;
        }

        @Override
        public boolean removeWhenUnloaded(String name, String why) {
            if (registered.get(name).loaded()) {
                calls.add("remove " + name + " when unloaded");
                return false;
            }
            calls.add("remove " + name);
            registered.remove(name);
            return true;
        }

        @Override
        public void cancelRemoval(String name) {
            calls.add("cancel removal " + name);
        }
    }

    private final class RecordingImages implements ModuleImages {
        @Override
        public String configure(String name) {
            calls.add("configure " + name);
            return "";
        }

        @Override
        public Update update(String name, When when) {
            calls.add("kmupdate " + name + " " + when);
            return new Update(name, false, "reloaded");
        }

        @Override
        public List<String> pending() {
            return List.of();
        }
    }

    /** A registered module's entry whose image is a copy, as the catalog keeps one. */
    private CatalogEntry registeredEntry(String name, Path jar, int loadedId) {
        try {
            Path image = Files.createDirectories(dir.resolve("registered")).resolve(name + ".jar");
            Files.copy(jar, image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new CatalogEntry(name, "misc", "Misc", name, image.toString(), "", "", true, true,
                    Optional.of(true), List.of(), -1, -1, loadedId);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void deployment() throws IOException {
        Files.createDirectories(dir.resolve("vmkmod"));
        deployment = restarted();
    }

    /** A deployment as a (re)booted kernel has it: reading what the last one saw. */
    private HotDeployment restarted() {
        HotDeployment d = new HotDeployment(dir.resolve("vmkmod"), dir.resolve("stand/dlkm/deployed"),
                new RecordingCatalog(), new RecordingImages(), log, QUIET_MILLIS, SETTLE_MILLIS);
        d.booted();
        return d;
    }

    private Path module(String file, String name, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(ModuleJar.MODULE_CLASS_HEADER, "org.example.Plain");
        a.putValue("Bundle-Version", version);
        Path jar = dir.resolve("vmkmod").resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry(ModuleJar.MASTER_ENTRY));
            zip.write(("$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\n" + name + " misc\n$$$\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }

    /** Waits until a jar copied over a deployed one has been read. */
    private static void quiet() throws InterruptedException {
        Thread.sleep(4 * QUIET_MILLIS);
    }

    @Test
    void tenReplacementsInQuickSuccessionAreReadOnceTheLastOneHasKeptItsContent() throws Exception {
        deployment.arrived(module("greeter.jar", "greeter", "1.0.0"));
        for (int i = 2; i <= 11; i++) {
            deployment.arrived(module("greeter.jar", "greeter", i + ".0.0")); // FileInstall reports each change
        }
        quiet();

        assertEquals(List.of("install greeter", "update greeter"), calls);
        assertTrue(registered.get("greeter").imagePath().endsWith("greeter.jar"));
        assertEquals("11.0.0", ModuleJar.read(Path.of(registered.get("greeter").imagePath())).version());
    }

    /** @return a zip that opens, but holds no module: one text entry */
    private static Path zipWithout(Path file, String text) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("readme.txt"));
            zip.write(text.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void onlyJarsDirectlyInTheModuleDirectoryAreTheKernels() {
        assertTrue(deployment.handles(dir.resolve("vmkmod/e100.jar")));
        assertFalse(deployment.handles(dir.resolve("vmkmod/e100.o")));
        assertFalse(deployment.handles(dir.resolve("vmkmod/sub/e100.jar")));
        assertFalse(deployment.handles(dir.resolve("elsewhere/e100.jar")));
    }

    @Test
    void aNewJarIsInstalledAndAnUnchangedOneReportedAgainChangesNothing() throws Exception {
        Path jar = module("greeter.jar", "greeter", "1.0.0");
        deployment.arrived(jar);
        deployment.arrived(jar);

        assertEquals(List.of("install greeter"), calls);
    }

    @Test
    void aChangedJarOfAnUnloadedModuleIsUpdatedOnly() throws Exception {
        deployment.arrived(module("greeter.jar", "greeter", "1.0.0"));
        deployment.arrived(module("greeter.jar", "greeter", "2.0.0"));
        quiet();

        assertEquals(List.of("install greeter", "update greeter"), calls);
    }

    @Test
    void aChangedJarOfALoadedModuleIsUpdatedThenReloadedAsKmupdateDoes() throws Exception {
        deployment.arrived(module("greeter.jar", "greeter", "1.0.0"));
        registered.put("greeter", registeredEntry("greeter", dir.resolve("vmkmod/greeter.jar"), 4));
        deployment.arrived(module("greeter.jar", "greeter", "2.0.0"));
        quiet();

        assertEquals(List.of("install greeter", "update greeter", "configure greeter",
                "kmupdate greeter NOW_OR_AT_SHUTDOWN"), calls);
    }

    @Test
    void aJarThatIsNotAModuleIsRefusedOnceUntilItChanges() throws Exception {
        Path junk = zipWithout(dir.resolve("vmkmod/junk.jar"), "junk");
        deployment.arrived(junk);
        deployment.arrived(junk);
        zipWithout(junk, "other junk");
        deployment.arrived(junk);
        quiet();

        assertEquals(List.of(), calls);
        assertEquals(2, log.text().split("junk.jar: not deployed: ", -1).length - 1, log.text());
    }

    @Test
    void aJarWhoseModuleChangedItsNameIsRefused() throws Exception {
        deployment.arrived(module("greeter.jar", "greeter", "1.0.0"));
        deployment.arrived(module("greeter.jar", "farewell", "1.0.0"));
        quiet();

        assertEquals(List.of("install greeter"), calls);
        assertTrue(log.text().contains("it holds module farewell, but it was deployed as module greeter"), log.text());
    }

    @Test
    void aRestartReportingEveryFileAsNewDeploysNothingSeenBeforeEvenWhatAnAdministratorWithdrew() throws Exception {
        Path jar = module("greeter.jar", "greeter", "1.0.0");
        deployment.arrived(jar);
        registered.remove("greeter"); // kminstall -d greeter

        restarted().arrived(jar);

        assertEquals(List.of("install greeter"), calls);
    }

    @Test
    void aJarDeletedWhileTheKernelWasDownIsWithdrawnAtBoot() throws Exception {
        Path jar = module("greeter.jar", "greeter", "1.0.0");
        deployment.arrived(jar);
        Files.delete(jar);

        restarted();

        assertEquals(List.of("install greeter", "remove greeter"), calls);
        assertTrue(log.text().contains("greeter.jar was deleted while the kernel was down: withdrew module greeter"),
                log.text());
    }

    @Test
    void aRefusedJarIsNotRefusedAgainAfterARestart() throws Exception {
        Path junk = zipWithout(dir.resolve("vmkmod/junk.jar"), "junk");
        deployment.arrived(junk);
        restarted().arrived(junk);

        assertEquals(1, log.text().split("junk.jar: not deployed: ", -1).length - 1, log.text());
    }

    @Test
    void aDeletedJarsModuleIsRemovedUnlessItIsLoaded() throws Exception {
        deployment.arrived(module("greeter.jar", "greeter", "1.0.0"));
        deployment.arrived(module("farewell.jar", "farewell", "1.0.0"));
        registered.put("farewell", registeredEntry("farewell", dir.resolve("vmkmod/farewell.jar"), 3));

        deployment.left(dir.resolve("vmkmod/greeter.jar"));
        deployment.left(dir.resolve("vmkmod/farewell.jar"));

        assertEquals(List.of("install greeter", "install farewell", "remove greeter", "remove farewell when unloaded"),
                calls);
        assertTrue(log.text().contains("module farewell is loaded; it is withdrawn the moment it unloads"), log.text());
    }

    @Test
    void aNewVersionUnderAnotherFileNameUpdatesTheModuleAndDeletingTheOldFileWithdrawsNothing() throws Exception {
        deployment.arrived(module("greeter-1.0.jar", "greeter", "1.0.0"));
        deployment.arrived(module("greeter-2.0.jar", "greeter", "2.0.0"));
        Files.delete(dir.resolve("vmkmod/greeter-1.0.jar"));
        deployment.left(dir.resolve("vmkmod/greeter-1.0.jar"));

        assertEquals(List.of("install greeter", "update greeter"), calls);
        assertTrue(log.text().contains("greeter-1.0.jar was deleted: module greeter stays registered: "
                + dir.resolve("vmkmod/greeter-2.0.jar") + " deploys it too"), log.text());

        Files.delete(dir.resolve("vmkmod/greeter-2.0.jar"));
        deployment.left(dir.resolve("vmkmod/greeter-2.0.jar"));
        assertEquals(List.of("install greeter", "update greeter", "remove greeter"), calls);
    }

    @Test
    void aLoadedModulesJarCopiedBackUnchangedEndsTheWaitingRemoval() throws Exception {
        Path jar = module("farewell.jar", "farewell", "1.0.0");
        byte[] bytes = Files.readAllBytes(jar);
        deployment.arrived(jar);
        registered.put("farewell", registeredEntry("farewell", jar, 3));
        Files.delete(jar);
        deployment.left(jar);
        Files.write(jar, bytes);
        deployment.arrived(jar);

        assertEquals(List.of("install farewell", "remove farewell when unloaded", "cancel removal farewell"), calls);
    }

    @Test
    void aJarThatDoesNotOpenYetIsLeftAloneAndDeployedOnceItIsComplete() throws Exception {
        Path jar = module("greeter.jar", "greeter", "1.0.0");
        byte[] whole = Files.readAllBytes(jar);
        Files.write(jar, java.util.Arrays.copyOf(whole, whole.length / 2));
        deployment.arrived(jar); // FileInstall saw the half copy the same on two scans
        Files.write(jar, whole);
        deployment.arrived(jar);
        Thread.sleep(2 * SETTLE_MILLIS); // the recheck of the half copy finds it complete and deployed

        assertEquals(List.of("install greeter"), calls);
        assertFalse(log.text().contains("not deployed"), log.text());
    }

    @Test
    void aDeployedJarOverwrittenByOneTruncatedForGoodIsRefusedOnceAfterTheQuietAndSettleTimes() throws Exception {
        Path jar = module("greeter.jar", "greeter", "1.0.0");
        deployment.arrived(jar);
        byte[] two = Files.readAllBytes(module("greeter.jar", "greeter", "2.0.0"));
        Files.write(jar, java.util.Arrays.copyOf(two, two.length - 10));
        deployment.arrived(jar);

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!log.text().contains("greeter.jar: not deployed: ") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(2 * SETTLE_MILLIS);

        assertEquals(List.of("install greeter"), calls);
        assertEquals(1, log.text().split("greeter.jar: not deployed: ", -1).length - 1, log.text());
    }

    @Test
    void aJarTruncatedForGoodIsRefusedOnceAfterTheSettleTime() throws Exception {
        Path jar = module("greeter.jar", "greeter", "1.0.0");
        byte[] whole = Files.readAllBytes(jar);
        Files.write(jar, java.util.Arrays.copyOf(whole, whole.length - 10));
        deployment.arrived(jar);
        assertFalse(log.text().contains("not deployed"), "refused before its settle time: " + log.text());

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!log.text().contains("greeter.jar: not deployed: ") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        deployment.arrived(jar); // reported again unchanged: not refused twice
        Thread.sleep(2 * SETTLE_MILLIS);

        assertEquals(List.of(), calls);
        assertEquals(1, log.text().split("greeter.jar: not deployed: ", -1).length - 1, log.text());
    }
}
