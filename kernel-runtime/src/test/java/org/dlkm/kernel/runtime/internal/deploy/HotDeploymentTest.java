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
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What hot deployment does with each file FileInstall reports, against a catalog that records the calls. */
class HotDeploymentTest {
    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();
    private final Map<String, CatalogEntry> registered = new LinkedHashMap<>();
    private final KernelLog log = new KernelLog(Clock.systemUTC());
    private HotDeployment deployment;

    private final class RecordingCatalog implements ModuleCatalog {
        @Override
        public List<CatalogEntry> entries() {
            return List.copyOf(registered.values());
        }

        @Override
        public Optional<CatalogEntry> entry(String name) {
            return Optional.ofNullable(registered.get(name));
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
        public void remove(String name) {
            calls.add("remove " + name);
            registered.remove(name);
        }

        @Override
        public CatalogEntry setConfigure(String name, boolean configure) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CatalogEntry setLoadable(String name, boolean loadable) {
            throw new UnsupportedOperationException();
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
                new RecordingCatalog(), new RecordingImages(), log);
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

        assertEquals(List.of("install greeter", "update greeter"), calls);
    }

    @Test
    void aChangedJarOfALoadedModuleIsUpdatedThenReloadedAsKmupdateDoes() throws Exception {
        deployment.arrived(module("greeter.jar", "greeter", "1.0.0"));
        registered.put("greeter", registeredEntry("greeter", dir.resolve("vmkmod/greeter.jar"), 4));
        deployment.arrived(module("greeter.jar", "greeter", "2.0.0"));

        assertEquals(List.of("install greeter", "update greeter", "configure greeter",
                "kmupdate greeter NOW_OR_AT_SHUTDOWN"), calls);
    }

    @Test
    void aJarThatIsNotAModuleIsRefusedOnceUntilItChanges() throws Exception {
        Path junk = dir.resolve("vmkmod/junk.jar");
        Files.writeString(junk, "junk");
        deployment.arrived(junk);
        deployment.arrived(junk);
        Files.writeString(junk, "other junk");
        deployment.arrived(junk);

        assertEquals(List.of(), calls);
        assertEquals(2, log.text().split("junk.jar: not deployed: ", -1).length - 1, log.text());
    }

    @Test
    void aJarWhoseModuleChangedItsNameIsRefused() throws Exception {
        deployment.arrived(module("greeter.jar", "greeter", "1.0.0"));
        deployment.arrived(module("greeter.jar", "farewell", "1.0.0"));

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
        Path junk = dir.resolve("vmkmod/junk.jar");
        Files.writeString(junk, "junk");
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

        assertEquals(List.of("install greeter", "install farewell", "remove greeter"), calls);
        assertTrue(log.text().contains("module farewell is loaded, so it stays registered"), log.text());
    }
}
