package org.dlkm.kernel.shell.internal.paths;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A path of the {@link ShellFileSystem}: either a host directory that stands as the shell's current directory (every
 * path resolved against it is mapped as the shell maps paths, see {@link ShellFileSystem#resolve}), or a path in the
 * kernel's {@code /proc}, which the file system's provider reads, lists and writes through the proc tree. Always
 * absolute. A path derived from a host directory other than by {@code resolve} (its file name, a subpath) is a plain
 * host path.
 *
 * <p>Immutable; safe from any thread.
 */
public final class ShellPath implements Path {
    private final ShellFileSystem fs;
    private final Path host;
    private final String proc;

    private ShellPath(ShellFileSystem fs, Path host, String proc) {
        this.fs = fs;
        this.host = host;
        this.proc = proc;
    }

    static ShellPath host(ShellFileSystem fs, Path absolute) {
        return new ShellPath(fs, absolute, null);
    }

    static ShellPath proc(ShellFileSystem fs, String normalized) {
        return new ShellPath(fs, null, normalized);
    }

    /** @return whether this is a path of the kernel's proc tree */
    public boolean isProc() {
        return proc != null;
    }

    /** @return the proc path ({@code /proc/vmware/net}); only for a {@linkplain #isProc() proc path} */
    public String procPath() {
        return Objects.requireNonNull(proc, "not a proc path");
    }

    /** @return the host directory; only for a path that is not a {@linkplain #isProc() proc path} */
    public Path hostPath() {
        return Objects.requireNonNull(host, "a proc path has no host path");
    }

    private List<String> segments() {
        return proc.equals("/") ? List.of() : Arrays.asList(proc.substring(1).split("/"));
    }

    private static Path relative(List<String> segments) {
        return Path.of(String.join("/", segments));
    }

    @Override
    public ShellFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return true;
    }

    @Override
    public Path getRoot() {
        return isProc() ? Path.of("/") : host.getRoot();
    }

    @Override
    public Path getFileName() {
        if (!isProc()) {
            return host.getFileName();
        }
        List<String> s = segments();
        return Path.of(s.get(s.size() - 1));
    }

    @Override
    public Path getParent() {
        if (!isProc()) {
            Path parent = host.getParent();
            return parent == null ? null : host(fs, parent);
        }
        int slash = proc.lastIndexOf('/');
        return slash == 0 ? host(fs, Path.of("/")) : proc(fs, proc.substring(0, slash));
    }

    @Override
    public int getNameCount() {
        return isProc() ? segments().size() : host.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return isProc() ? Path.of(segments().get(index)) : host.getName(index);
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return isProc() ? relative(segments().subList(beginIndex, endIndex)) : host.subpath(beginIndex, endIndex);
    }

    @Override
    public boolean startsWith(Path other) {
        if (!isProc()) {
            return host.startsWith(other instanceof ShellPath shell && !shell.isProc() ? shell.host : other);
        }
        String o = other.toString();
        return other.isAbsolute() && (proc.equals(o) || o.equals("/") || proc.startsWith(o + "/"));
    }

    @Override
    public boolean endsWith(Path other) {
        if (!isProc()) {
            return host.endsWith(other instanceof ShellPath shell && !shell.isProc() ? shell.host : other);
        }
        String o = other.toString();
        return other.isAbsolute() ? proc.equals(o) : proc.endsWith("/" + o);
    }

    @Override
    public Path normalize() {
        return isProc() ? this : host(fs, host.normalize());
    }

    @Override
    public Path resolve(Path other) {
        if (other instanceof ShellPath shell) {
            return shell;
        }
        return fs.resolve(this, other.toString());
    }

    @Override
    public Path resolve(String other) {
        return fs.resolve(this, other);
    }

    @Override
    public Path relativize(Path other) {
        if (!isProc()) {
            return host.relativize(other instanceof ShellPath shell ? shell.hostPath() : other);
        }
        if (!(other instanceof ShellPath shell && shell.isProc()
                && (shell.proc.equals(proc) || shell.proc.startsWith(proc + "/")))) {
            throw new IllegalArgumentException(other + " is not below " + proc);
        }
        return shell.proc.equals(proc) ? Path.of("") : Path.of(shell.proc.substring(proc.length() + 1));
    }

    @Override
    public URI toUri() {
        if (!isProc()) {
            return host.toUri();
        }
        try {
            return new URI(ShellFileSystem.SCHEME, null, proc, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("proc path " + proc + " makes no URI", e);
        }
    }

    @Override
    public Path toAbsolutePath() {
        return this;
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        if (!isProc()) {
            return host(fs, host.toRealPath(options));
        }
        if (!fs.proc().exists(proc)) {
            throw new NoSuchFileException(proc, null, "no such file or directory in the kernel's proc tree");
        }
        return this;
    }

    @Override
    public File toFile() {
        if (isProc()) {
            throw new UnsupportedOperationException(proc + " is in the kernel's proc tree, not a host file");
        }
        return host.toFile();
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
            throws IOException {
        if (isProc()) {
            throw new UnsupportedOperationException(proc + ": the kernel's proc tree cannot be watched");
        }
        try {
            return host.register(watcher, events, modifiers);
        } catch (ProviderMismatchException e) {
            throw new UnsupportedOperationException("a watch service of another file system", e);
        }
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShellPath p && p.fs == fs && Objects.equals(p.host, host) && Objects.equals(p.proc, proc);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, proc);
    }

    /** @return the host path, or the proc path */
    @Override
    public String toString() {
        return isProc() ? proc : host.toString();
    }
}
