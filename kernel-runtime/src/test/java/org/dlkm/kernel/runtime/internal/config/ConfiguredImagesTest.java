package org.dlkm.kernel.runtime.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured images of {@code config -M}: the pending list of {@code kmupdate -M -a}, the image a loaded module
 * runs kept at its first replacement, and what boot deletes.
 */
class ConfiguredImagesTest {

    @TempDir
    Path home;

    private Path dir() {
        return home.resolve("stand/build/mod.d");
    }

    @Test
    void pendingModulesAreListedSortedOnceAndForgottenWithTheirImage() throws Exception {
        ConfiguredImages images = new ConfiguredImages(dir());
        Files.createDirectories(dir());
        Files.writeString(images.image("e100"), "image");

        images.addPending("e100", false);
        images.addPending("aic7xxx", true);
        images.addPending("e100", false);
        assertEquals(List.of("aic7xxx", "e100"), images.pending());
        assertEquals("aic7xxx unload\ne100\n", Files.readString(dir().resolve("pending")));
        assertTrue(images.pendingAtUnload("aic7xxx"));
        assertFalse(images.pendingAtUnload("e100"), "kmupdate -M -a waits for the shutdown only");

        images.forget("e100");
        assertEquals(List.of("aic7xxx"), images.pending());
        assertFalse(Files.exists(images.image("e100")));
        images.forget("aic7xxx");
        assertFalse(Files.exists(dir().resolve("pending")), "no pending module, no file");
    }

    @Test
    void theImageALoadedModuleRunsIsKeptAtItsFirstReplacementOnly() throws Exception {
        ConfiguredImages images = new ConfiguredImages(dir());
        Path registered = Files.writeString(home.resolve("e100.jar"), "loaded image");

        images.keepLoaded("e100", 3, registered);
        Files.writeString(registered, "second image");
        images.keepLoaded("e100", 3, registered);

        assertEquals("loaded image", Files.readString(images.loaded("e100", 3)));
        images.keepLoaded("e100", 4, registered);
        assertFalse(Files.exists(images.loaded("e100", 3)), "the image kept for an earlier load goes");
        assertEquals("second image", Files.readString(images.loaded("e100", 4)));
    }

    @Test
    void bootDeletesEveryKeptImageAndKeepsConfiguredOnes() throws Exception {
        ConfiguredImages images = new ConfiguredImages(dir());
        Files.createDirectories(dir());
        Files.writeString(images.image("e100"), "configured");
        Files.writeString(images.previous("e100"), "kept");
        Files.writeString(images.loaded("nfshaper", 2), "kept");

        images.clean();

        assertTrue(Files.exists(images.image("e100")));
        assertFalse(Files.exists(images.previous("e100")));
        assertFalse(Files.exists(images.loaded("nfshaper", 2)));
    }
}
