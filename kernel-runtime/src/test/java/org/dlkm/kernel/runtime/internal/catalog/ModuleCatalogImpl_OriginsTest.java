package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.RegisteredImage;
import org.dlkm.kernel.catalog.RegisteredImage.Origin;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each registered image records where it came from, in the same transaction as the image, and a removal can wait for
 * its module's unload.
 */
class ModuleCatalogImpl_OriginsTest {
    @TempDir
    Path root;

    private TestHome home;
    private ModuleCatalogImpl catalog;
    private final AtomicInteger loadedId = new AtomicInteger(-1);
    private final KernelLog log = new KernelLog(Clock.systemUTC());

    @BeforeEach
    void boot() throws Exception {
        home = new TestHome(root);
        home.shipped("vmklinux", "");
        catalog = new ModuleCatalogImpl(new TransitionLock(), home.layout, log);
        catalog.setLoadedIds(name -> name.equals("e100") ? loadedId.get() : -1);
        catalog.boot(home.layout.moduleDirectory());
    }

    private Path e100(String comment) throws Exception {
        return TestHome.jar(root, "e100-" + comment + ".jar", "e100", comment, "vmklinux");
    }

    @Test
    void eachRegistrationRecordsItsOriginAndTheImagesChecksum() throws Exception {
        RegisteredImage shipped = catalog.registeredImage("vmklinux").orElseThrow();
        assertEquals(Origin.SHIPPED, shipped.origin());
        assertTrue(shipped.source().endsWith("vmklinux.jar"), shipped.source());
        assertEquals(FileDigest.sha256(home.files.image("vmklinux")), shipped.sha256());

        Path first = e100("one");
        catalog.install(first, Origin.HOT_DEPLOYMENT);
        assertEquals(new RegisteredImage("e100", Origin.HOT_DEPLOYMENT, first.toString(), FileDigest.sha256(first),
                Optional.empty()), catalog.registeredImage("e100").orElseThrow());

        Path second = e100("two");
        catalog.update(second);
        assertEquals(Origin.KMINSTALL, catalog.registeredImage("e100").orElseThrow().origin());
        assertEquals(second.toString(), catalog.registeredImage("e100").orElseThrow().source());

        catalog.update(e100("three"), Map.of()); // kmupdate -M: configured from the registered image
        assertEquals(second.toString(), catalog.registeredImage("e100").orElseThrow().source(),
                "kmupdate -M keeps the origin of the image it was configured from");
        assertEquals(FileDigest.sha256(e100("three")), catalog.registeredImage("e100").orElseThrow().sha256());
    }

    @Test
    void anImageWithoutAnOriginFileWasRegisteredBeforeOriginsWereRecorded() throws Exception {
        catalog.install(e100("one"));
        Files.delete(home.files.origins().origin("e100"));

        assertEquals(Origin.NOT_RECORDED, catalog.registeredImage("e100").orElseThrow().origin());
        assertEquals(Optional.empty(), catalog.registeredImage("nosuch"));
    }

    @Test
    void aRemovalOfALoadedModuleWaitsForItsUnloadAndANewImageEndsTheWait() throws Exception {
        catalog.install(e100("one"), Origin.HOT_DEPLOYMENT);
        loadedId.set(4);
        PendingRemovals removals = catalog.pendingRemovals();

        assertFalse(removals.removeWhenUnloaded("e100", "e100.jar was deleted"));
        assertEquals(Optional.of("e100.jar was deleted"), catalog.registeredImage("e100").orElseThrow()
                .pendingRemoval());
        assertEquals(Errno.EBUSY, assertThrows(KernelException.class, () -> catalog.remove("e100")).errno(),
                "kminstall -d of a loaded module still refuses");

        catalog.update(e100("two"), Origin.HOT_DEPLOYMENT);
        assertEquals(Optional.empty(), catalog.registeredImage("e100").orElseThrow().pendingRemoval());

        removals.removeWhenUnloaded("e100", "e100.jar was deleted again");
        removals.unloaded("e100"); // still loaded: nothing
        assertTrue(catalog.entry("e100").isPresent());
        loadedId.set(-1);
        removals.unloaded("e100");

        assertTrue(catalog.entry("e100").isEmpty());
        assertFalse(Files.exists(home.files.origins().removal("e100")));
        assertFalse(Files.exists(home.files.origins().origin("e100")));
        assertTrue(log.text().contains("withdrew e100 at its unload (e100.jar was deleted again)"), log.text());
    }

    @Test
    void aRemovalLeftByACrashIsDoneAtBoot() throws Exception {
        catalog.install(e100("one"), Origin.HOT_DEPLOYMENT);
        loadedId.set(2);
        catalog.pendingRemovals().removeWhenUnloaded("e100", "e100.jar was deleted");

        loadedId.set(-1);
        ModuleCatalogImpl rebooted = new ModuleCatalogImpl(new TransitionLock(), home.layout, log);
        rebooted.boot(home.layout.moduleDirectory());
        assertTrue(rebooted.entry("e100").isPresent());
        rebooted.pendingRemovals().applyAll("at boot");

        assertTrue(rebooted.entry("e100").isEmpty());
    }

    @Test
    void aRemovalOfAModuleNotLoadedIsDoneAtOnce() throws Exception {
        catalog.install(e100("one"), Origin.HOT_DEPLOYMENT);

        assertTrue(catalog.pendingRemovals().removeWhenUnloaded("e100", "e100.jar was deleted"));
        assertTrue(catalog.entry("e100").isEmpty());
    }
}
