package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.dlkm.kernel.catalog.RegisteredImage;
import org.dlkm.kernel.catalog.RegisteredImage.Origin;

/**
 * Where each registered image came from, and the removals waiting for a module to unload, beside the images in
 * {@code stand/dlkm/mod.d}: {@code e100.origin} holds one line, the origin and the file the image was registered
 * from ({@code HOT_DEPLOYMENT<tab><home>/vmkmod/e100.jar}), written in the same catalog transaction as the image;
 * {@code e100.removal} holds why the module is withdrawn the moment it unloads. An image without an origin file was
 * registered before origins were recorded.
 *
 * <p>An image's SHA-256 is computed again only when its file changed: it is kept with the file's identity (its
 * {@link BasicFileAttributes#fileKey() key}, the inode on Unix), size and modification time, and reused while all
 * three are the same. Every catalog write replaces an image by a rename (a new file), so a registered image changes
 * only with them; {@code kmadmin -S} describes every registered image, and hashing 10,000 jars at each was most of
 * its time.
 *
 * <p>The origin and the pending removal read from the files are kept too, per module, until the catalog writes or
 * deletes that module's files ({@link #forget}; {@link #forgetAll} after a journal's recovery at boot): no other
 * process writes a kernel home's catalog while its kernel runs (the home's lock), and {@code kmadmin -S} read both
 * files of every registered module twice, a failed open with its exception for each module without a removal.
 *
 * <p>Threading: called with the kernel's transition lock held, which guards what is kept.
 */
final class ImageOrigins {
    static final String ORIGIN_SUFFIX = ".origin";
    static final String REMOVAL_SUFFIX = ".removal";

    /** An origin and the file it names. */
    record Source(Origin origin, String file) {
        String format() {
            return origin.name() + "\t" + file + "\n";
        }
    }

    /** An image's SHA-256 and the file attributes it was computed at. */
    private record Digest(Object fileKey, long size, FileTime modified, String sha256) {
        boolean isOf(BasicFileAttributes file) {
            return Objects.equals(fileKey, file.fileKey()) && size == file.size()
                    && modified.equals(file.lastModifiedTime());
        }
    }

    private final Path images;
    private final Map<String, Digest> digests = new HashMap<>();
    private final Map<String, Source> sources = new HashMap<>();
    private final Map<String, Optional<String>> removals = new HashMap<>();

    ImageOrigins(Path images) {
        this.images = images;
    }

    Path directory() {
        return images;
    }

    Path origin(String name) {
        return images.resolve(name + ORIGIN_SUFFIX);
    }

    Path removal(String name) {
        return images.resolve(name + REMOVAL_SUFFIX);
    }

    /** @return the recorded origin; {@link Origin#NOT_RECORDED} if none is, or it does not read */
    Source read(String name) {
        Source known = sources.get(name);
        if (known == null) {
            known = readOrigin(name);
            sources.put(name, known);
        }
        return known;
    }

    private Source readOrigin(String name) {
        try {
            String[] f = Files.readString(origin(name), StandardCharsets.UTF_8).strip().split("\t", 2);
            return new Source(Origin.valueOf(f[0]), f.length > 1 ? f[1] : "");
        } catch (IOException | IllegalArgumentException e) {
            return new Source(Origin.NOT_RECORDED, "");
        }
    }

    /** @return why the module's removal waits for its unload, if it does */
    Optional<String> pendingRemoval(String name) {
        Optional<String> known = removals.get(name);
        if (known == null) {
            known = readRemoval(name);
            removals.put(name, known);
        }
        return known;
    }

    private Optional<String> readRemoval(String name) {
        try {
            return Optional.of(Files.readString(removal(name), StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("(" + removal(name) + " does not read: " + e.getMessage() + ")");
        }
    }

    void setPendingRemoval(String name, String why) throws IOException {
        removals.remove(name);
        AtomicFiles.write(removal(name), why + "\n");
    }

    void clearPendingRemoval(String name) throws IOException {
        removals.remove(name);
        AtomicFiles.delete(removal(name));
    }

    /** Drops what was read of a module's origin and removal: the catalog is about to change its files, or did. */
    void forget(String name) {
        sources.remove(name);
        removals.remove(name);
    }

    /** Drops what was read of every module's: a journal was recovered. */
    void forgetAll() {
        sources.clear();
        removals.clear();
    }

    /** @return the image's description for {@code kmadmin -Q} */
    RegisteredImage describe(String name, Path image) throws IOException {
        Source s = read(name);
        return new RegisteredImage(name, s.origin(), s.file(), sha256(name, image), pendingRemoval(name));
    }

    /** @return the image's SHA-256, computed again only if the file is not the one it was last computed of */
    private String sha256(String name, Path image) throws IOException {
        BasicFileAttributes file = Files.readAttributes(image, BasicFileAttributes.class);
        Digest kept = digests.get(name);
        if (kept != null && kept.isOf(file)) {
            return kept.sha256();
        }
        String sha256 = FileDigest.sha256(image);
        digests.put(name, new Digest(file.fileKey(), file.size(), file.lastModifiedTime(), sha256));
        return sha256;
    }
}
