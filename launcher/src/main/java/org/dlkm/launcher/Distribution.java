package org.dlkm.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's distribution: the directory holding the launcher jar, with {@code lib/} (the
 * framework, on the jar's Class-Path), {@code bundles/} (what the launcher installs and starts),
 * {@code modules/} (the kernel modules it ships into the kernel home) and {@code etc/gosh_profile}
 * (the shell profile).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param root absolute directory
 */
record Distribution(Path root) {

    /** Overrides where the distribution is, for a launcher run from a class path (tests, IDEs). */
    static final String ROOT_PROPERTY = "dlkm.distribution";

    /** The distribution of the running launcher: {@value #ROOT_PROPERTY}, else the launcher jar's directory. */
    static Distribution ofRunningLauncher() throws LauncherException {
        String override = System.getProperty(ROOT_PROPERTY);
        Distribution distribution = new Distribution(
                (override != null ? Path.of(override) : launcherJar().getParent()).toAbsolutePath().normalize());
        distribution.verify();
        return distribution;
    }

    Path bundles() {
        return root.resolve("bundles");
    }

    Path modules() {
        return root.resolve("modules");
    }

    /** The directory gogo.jline's login shell reads {@code etc/gosh_profile} from ({@code gosh.home}). */
    Path shellHome() {
        return root;
    }

    Path shellProfile() {
        return root.resolve("etc/gosh_profile");
    }

    /** The bundle jars to install, in name order. */
    List<Path> bundleJars() throws LauncherException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(bundles(), "*.jar")) {
            entries.forEach(jars::add);
        } catch (IOException e) {
            throw LauncherException.io("cannot list the bundles to start", e);
        }
        jars.sort(null);
        return jars;
    }

    private void verify() throws LauncherException {
        for (Path required : List.of(bundles(), modules())) {
            if (!Files.isDirectory(required)) {
                throw new LauncherException("the launcher distribution " + root + " has no directory "
                        + root.relativize(required) + ": run the launcher jar from the directory the build assembles"
                        + " (launcher/target/dlkm), or set -D" + ROOT_PROPERTY + "=DIR");
            }
        }
        if (!Files.isRegularFile(shellProfile())) {
            throw new LauncherException("the launcher distribution " + root + " has no shell profile "
                    + root.relativize(shellProfile()) + ": rebuild the launcher");
        }
    }

    private static Path launcherJar() throws LauncherException {
        CodeSource source = Distribution.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new LauncherException("cannot tell where the launcher was loaded from: set -D" + ROOT_PROPERTY + "=DIR");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new LauncherException("the launcher was loaded from " + source.getLocation()
                    + ", which is not a file: set -D" + ROOT_PROPERTY + "=DIR", e);
        }
    }
}
