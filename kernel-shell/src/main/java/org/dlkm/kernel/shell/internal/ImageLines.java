package org.dlkm.kernel.shell.internal;

import java.util.Optional;
import java.util.function.Function;

import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.RegisteredImage;

/**
 * The lines {@code kmadmin -Q} and {@code -S} add about a registered module's image: where it came from
 * ({@code Image Origin}: shipped, kminstall or hot deployment, and the file), its {@code Image SHA-256}, and what
 * waits for it: a {@code Pending Update} ({@code kmupdate -M}, or a hot replacement of a busy module) and a
 * {@code Pending Removal} (its hot-deployed jar was deleted while it was loaded). Stateless; safe from any thread.
 */
final class ImageLines {
    private final ModuleCatalog catalog;
    private final Function<String, Optional<String>> pendingUpdate;

    /** @param pendingUpdate when a module's pending configured image moves into place, if one is pending */
    ImageLines(ModuleCatalog catalog, Function<String, Optional<String>> pendingUpdate) {
        this.catalog = catalog;
        this.pendingUpdate = pendingUpdate;
    }

    /**
     * The image's origin and checksum, after the module's path; nothing for a module not registered.
     *
     * @return the image described, for {@link #pending} to add what waits for it without asking the catalog again
     */
    Optional<RegisteredImage> origin(StringBuilder sb, String name) {
        Optional<RegisteredImage> image = catalog.registeredImage(name);
        image.ifPresent(i -> {
            Kmadmin.field(sb, "Image Origin", i.origin().label() + (i.source().isEmpty() ? "" : " (" + i.source()
                    + ")"));
            Kmadmin.field(sb, "Image SHA-256", i.sha256());
        });
        return image;
    }

    /** What waits for the module, last: its pending update and the pending removal of its image, as described. */
    void pending(StringBuilder sb, String name, Optional<RegisteredImage> image) {
        pendingUpdate.apply(name).ifPresent(when -> Kmadmin.field(sb, "Pending Update", "kmupdate -M: its configured"
                + " image is moved into place and registered " + when));
        image.flatMap(RegisteredImage::pendingRemoval).ifPresent(why -> Kmadmin.field(sb,
                "Pending Removal", "withdrawn (as kminstall -d) the moment it unloads: " + why));
    }
}
