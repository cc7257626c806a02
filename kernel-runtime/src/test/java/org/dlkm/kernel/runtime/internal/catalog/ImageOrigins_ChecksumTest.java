package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image's checksum is computed once per version of its file, and again whenever the file changes. */
class ImageOrigins_ChecksumTest {
    @TempDir
    Path images;

    private ImageOrigins origins;
    private Path image;

    @BeforeEach
    void register() throws Exception {
        origins = new ImageOrigins(images);
        image = Files.writeString(images.resolve("e100.jar"), "first image", StandardCharsets.UTF_8);
    }

    @Test
    void theChecksumIsTheImagesSha256() throws Exception {
        assertEquals(FileDigest.sha256(image), origins.describe("e100", image).sha256());
        assertEquals(FileDigest.sha256(image), origins.describe("e100", image).sha256());
    }

    @Test
    void anImageReplacedByARenameGetsTheNewFilesChecksum() throws Exception {
        origins.describe("e100", image);
        Path next = Files.writeString(images.resolve("e100.jar.tmp"), "other image", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(image));
        Files.move(next, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(FileDigest.sha256(image), origins.describe("e100", image).sha256());
    }

    @Test
    void anImageRewrittenInPlaceGetsItsNewChecksumWhenItsSizeOrTimeChanged() throws Exception {
        origins.describe("e100", image);
        Files.writeString(image, "a longer second image", StandardCharsets.UTF_8);
        assertEquals(FileDigest.sha256(image), origins.describe("e100", image).sha256());
        FileTime before = Files.getLastModifiedTime(image);
        Files.writeString(image, "a longer third image!", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(image, FileTime.fromMillis(before.toMillis() + 1_000));
        assertEquals(FileDigest.sha256(image), origins.describe("e100", image).sha256());
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws Exception {
        String first = origins.describe("e100", image).sha256();
        FileTime time = Files.getLastModifiedTime(image);
        Files.writeString(image, "first imagE", StandardCharsets.UTF_8); // same file, same length
        Files.setLastModifiedTime(image, time);
        assertEquals(first, origins.describe("e100", image).sha256(),
                "the same file, size and time: the checksum kept is the one given");
    }
}
