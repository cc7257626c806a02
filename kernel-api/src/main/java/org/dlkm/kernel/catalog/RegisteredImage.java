package org.dlkm.kernel.catalog;

import java.util.Optional;

/**
 * A registered module's image as {@code kmadmin -Q} describes it: where it came from, its checksum, and whether its
 * removal waits for the module to unload.
 *
 * @param module the module
 * @param origin how the image was registered
 * @param source the file it was registered from, as given then; empty if not recorded
 * @param sha256 the SHA-256 of the registered image, in lower-case hex
 * @param pendingRemoval why the module is withdrawn the moment it unloads (its hot-deployed jar was deleted while it
 *     was loaded); empty if it is not
 * @since 1.4
 */
public record RegisteredImage(String module, Origin origin, String source, String sha256,
        Optional<String> pendingRemoval) {

    /** How an image came to be registered. */
    public enum Origin {
        /** Registered by the home's first boot, from the modules shipped with the kernel. */
        SHIPPED("shipped"),
        /** Registered by {@code kminstall -a} or {@code -u}. */
        KMINSTALL("kminstall"),
        /** Registered by hot deployment, from a jar copied into the module directory. */
        HOT_DEPLOYMENT("hot deployment"),
        /** Registered before the kernel recorded origins. */
        NOT_RECORDED("not recorded");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** @return the origin as {@code kmadmin} prints it ({@code hot deployment}) */
        public String label() {
            return label;
        }
    }
}
