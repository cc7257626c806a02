package org.dlkm.kernel.shell.internal.paths;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The absolute paths the seeds' manuals use, and the directories of the kernel home they stand for: {@code /stand}
 * is {@code <home>/stand}, {@code /usr/conf} is {@code <home>/usr/conf}, {@code /etc} is {@code <home>/etc},
 * {@code /usr/lib/vmware/vmkmod} is the module directory {@code <home>/vmkmod}, {@code /vmfs} is {@code <home>/vmfs}
 * and {@code /var/adm} is {@code <home>/var/adm}. Any other absolute path is the host's; {@code /proc} is the
 * kernel's, not a directory of the home (see {@link ShellFileSystem}).
 *
 * <p>Immutable; safe from any thread.
 */
public final class SeedRoots {

    /** A seed path and the directory of the home it stands for, relative to the home. */
    private record Root(String seed, String home) {
    }

    /** Longest first, so that a path is mapped by its most specific root. */
    private static final List<Root> ROOTS = List.of(
            new Root("/usr/lib/vmware/vmkmod", "vmkmod"),
            new Root("/usr/conf", "usr/conf"),
            new Root("/var/adm", "var/adm"),
            new Root("/stand", "stand"),
            new Root("/vmfs", "vmfs"),
            new Root("/etc", "etc"));

    private final Path home;
    private final Path modules;

    /** @param home the kernel home, whose {@code vmkmod} is the module directory */
    public SeedRoots(Path home) {
        this(home, home.resolve("vmkmod"));
    }

    /**
     * @param home the kernel home
     * @param modules the module directory {@code /usr/lib/vmware/vmkmod} stands for, where the kernel was told to
     *     keep it elsewhere
     */
    public SeedRoots(Path home, Path modules) {
        this.home = home.toAbsolutePath().normalize();
        this.modules = modules.toAbsolutePath().normalize();
    }

    private Path directory(Root root) {
        return root.home().equals("vmkmod") ? modules : home.resolve(root.home());
    }

    /** @return the kernel home */
    public Path home() {
        return home;
    }

    /**
     * @param path an absolute path in the shell's view, normalized ({@code /stand/build/system})
     * @return the host path it stands for in the home ({@code <home>/stand/build/system}), or empty for a path
     *     under no seed root
     */
    public Optional<Path> toHost(String path) {
        for (Root root : ROOTS) {
            if (path.equals(root.seed())) {
                return Optional.of(directory(root));
            }
            if (path.startsWith(root.seed() + "/")) {
                return Optional.of(directory(root).resolve(path.substring(root.seed().length() + 1)));
            }
        }
        return Optional.empty();
    }

    /**
     * @param host an absolute host path, normalized
     * @return the seed path that stands for it ({@code /stand/build} for {@code <home>/stand/build}), or empty for
     *     a host path under no directory of the home that a seed root stands for
     */
    public Optional<String> toSeed(Path host) {
        for (Root root : ROOTS) {
            Path dir = directory(root);
            if (host.startsWith(dir)) {
                Path rest = dir.relativize(host);
                return Optional.of(rest.toString().isEmpty() ? root.seed() : root.seed() + "/" + rest);
            }
        }
        return Optional.empty();
    }

    /** @return the seed roots, as the shell's help names them */
    public static List<String> seeds() {
        return ROOTS.stream().map(Root::seed).sorted().toList();
    }
}
