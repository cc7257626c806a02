package org.dlkm.kernel.shell.internal.paths;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

import org.dlkm.kernel.proc.ProcTree;

/**
 * The shell's view of files, as a Java file system so that the Gogo session's current directory can live in it: Gogo
 * resolves every redirection ({@code echo "..." > /proc/vmware/filters/xmitpush}), glob and relative path against
 * {@code session.currentDir()}, and a directory of this file system resolves the seeds' absolute paths as an
 * administrator of those hosts means them. {@code /proc} is the kernel's proc tree ({@link ShellPath} entries,
 * readable and writable through this file system's provider); {@code /stand}, {@code /usr/conf}, {@code /etc},
 * {@code /usr/lib/vmware/vmkmod}, {@code /vmfs} and {@code /var/adm} are the kernel home's (see {@link SeedRoots});
 * every other path is the host's. A resolved path that is not in {@code /proc} is a plain host {@link Path}, so that
 * what a command does with it is what it would do without dlkm.
 *
 * <p>Only directories are ever of this file system's {@link ShellPath} type when they are host directories: the
 * current directory, so that paths resolved against it are mapped. The file system cannot be closed; it lives as
 * long as the shell bundle.
 *
 * <p>Threading: immutable apart from what the proc tree holds; safe from any thread.
 */
public final class ShellFileSystem extends FileSystem {
    static final String SCHEME = "dlkm-shell";

    private final ShellFileSystemProvider provider;
    private final SeedRoots roots;
    private final ProcTree proc;
    private final FileSystem host = FileSystems.getDefault();

    /**
     * @param roots the seed roots and the home they map into
     * @param proc the kernel's proc tree
     */
    public ShellFileSystem(SeedRoots roots, ProcTree proc) {
        this.roots = roots;
        this.proc = proc;
        this.provider = new ShellFileSystemProvider(this);
    }

    /** @return the seed roots and the home */
    public SeedRoots roots() {
        return roots;
    }

    ProcTree proc() {
        return proc;
    }

    /** @return a host directory as a directory of this file system, against which paths resolve as the shell's */
    public ShellPath directory(Path host) {
        return host instanceof ShellPath shell ? shell : ShellPath.host(this, host.toAbsolutePath().normalize());
    }

    /**
     * Resolves what an administrator typed against a directory.
     *
     * @param base the directory, of this file system or the host's
     * @param typed a path, absolute in the shell's view or relative to {@code base}
     * @return a {@link ShellPath} in {@code /proc}, or a host path (not normalized when relative to a host base)
     * @throws InvalidPathException for a path the host cannot have
     */
    public Path resolve(Path base, String typed) {
        if (typed.isEmpty()) {
            return base;
        }
        if (typed.startsWith("/")) {
            return absolute(normalize(typed));
        }
        if (base instanceof ShellPath shell && shell.isProc()) {
            return absolute(normalize(shell.procPath() + "/" + typed));
        }
        Path hostBase = base instanceof ShellPath shell ? shell.hostPath() : base;
        return hostBase.resolve(typed);
    }

    /**
     * @return how the shell shows a path: a proc path as it is, a host path under a seed root as the seed path
     *     ({@code /stand/build}), any other host path as the host's
     */
    public String display(Path path) {
        if (path instanceof ShellPath shell && shell.isProc()) {
            return shell.procPath();
        }
        Path host = path instanceof ShellPath shell ? shell.hostPath() : path.toAbsolutePath().normalize();
        return roots.toSeed(host).orElse(host.toString());
    }

    private Path absolute(String path) {
        if (path.equals("/proc") || path.startsWith("/proc/")) {
            return ShellPath.proc(this, path);
        }
        Optional<Path> home = roots.toHost(path);
        return home.orElseGet(() -> host.getPath(path));
    }

    /** Lexical normalization of an absolute path: no empty, {@code .} or {@code ..} segments; {@code /..} is {@code /}. */
    static String normalize(String absolute) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : absolute.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    /** @throws UnsupportedOperationException always: the shell's file system lives as long as the shell bundle */
    @Override
    public void close() {
        throw new UnsupportedOperationException("the shell's file system cannot be closed");
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return host.getRootDirectories();
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return host.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic");
    }

    /** @return an absolute path as the shell maps it; a relative one as a relative host path */
    @Override
    public Path getPath(String first, String... more) {
        String joined = more.length == 0 ? first : first + "/" + String.join("/", more);
        return joined.startsWith("/") ? absolute(normalize(joined)) : host.getPath(joined);
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        return host.getPathMatcher(syntaxAndPattern);
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return host.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() throws IOException {
        return host.newWatchService();
    }
}
