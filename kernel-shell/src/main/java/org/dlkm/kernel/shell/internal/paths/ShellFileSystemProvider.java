package org.dlkm.kernel.shell.internal.paths;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlkm.kernel.KernelException;

/**
 * The provider of the {@link ShellFileSystem}. A host directory of it is handed to the host's own provider, unwrapped;
 * a proc path is read, listed and written through the kernel's proc tree ({@link ProcChannel}), and cannot be created,
 * deleted, copied or moved.
 *
 * <p>Threading: stateless; safe from any thread.
 */
final class ShellFileSystemProvider extends FileSystemProvider {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final ShellFileSystem fs;

    ShellFileSystemProvider(ShellFileSystem fs) {
        this.fs = fs;
    }

    @Override
    public String getScheme() {
        return ShellFileSystem.SCHEME;
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("the shell's file system is made by the shell only");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        return fs;
    }

    @Override
    public Path getPath(URI uri) {
        return fs.getPath(uri.getPath());
    }

    private static ShellPath shell(Path path) {
        return (ShellPath) path;
    }

    private static Path host(Path path) {
        return path instanceof ShellPath s ? s.hostPath() : path;
    }

    private static boolean isProc(Path path) {
        return path instanceof ShellPath s && s.isProc();
    }

    private static IOException procIsFixed(Path path, String what) {
        return new AccessDeniedException(path.toString(), null, "the kernel's proc tree cannot be " + what
                + " from the shell");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        if (isProc(path)) {
            return ProcChannel.open(fs.proc(), shell(path).procPath(), options);
        }
        return Files.newByteChannel(host(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        if (!isProc(dir)) {
            return Files.newDirectoryStream(host(dir), filter);
        }
        String p = shell(dir).procPath();
        List<Path> entries = new ArrayList<>();
        try {
            for (String name : fs.proc().list(p)) {
                Path entry = ShellPath.proc(fs, p + "/" + (name.endsWith("/") ? name.substring(0, name.length() - 1)
                        : name));
                if (filter == null || filter.accept(entry)) {
                    entries.add(entry);
                }
            }
        } catch (KernelException e) {
            throw new ProcAccessException(p, e);
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return entries.iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        if (isProc(dir)) {
            throw procIsFixed(dir, "added to");
        }
        Files.createDirectory(host(dir), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        if (isProc(path)) {
            throw procIsFixed(path, "deleted");
        }
        Files.delete(host(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        if (isProc(source) || isProc(target)) {
            throw procIsFixed(isProc(source) ? source : target, "copied");
        }
        Files.copy(host(source), host(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        if (isProc(source) || isProc(target)) {
            throw procIsFixed(isProc(source) ? source : target, "moved");
        }
        Files.move(host(source), host(target), options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (isProc(path) || isProc(path2)) {
            return path.equals(path2);
        }
        return Files.isSameFile(host(path), host(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return !isProc(path) && Files.isHidden(host(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        if (isProc(path)) {
            throw new UnsupportedOperationException(path + ": the kernel's proc tree has no file store");
        }
        return Files.getFileStore(host(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        if (!isProc(path)) {
            host(path).getFileSystem().provider().checkAccess(host(path), modes);
            return;
        }
        String p = shell(path).procPath();
        if (!fs.proc().exists(p)) {
            throw new NoSuchFileException(p, null, "no such file or directory in the kernel's proc tree");
        }
        for (AccessMode mode : modes) {
            if (mode == AccessMode.EXECUTE && !fs.proc().isDirectory(p)
                    || mode == AccessMode.WRITE && !fs.proc().isWritable(p)) {
                throw new AccessDeniedException(p);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (!isProc(path)) {
            return Files.getFileAttributeView(host(path), type, options);
        }
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        return (V) new BasicFileAttributeView() {
            @Override
            public String name() {
                return "basic";
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return procAttributes(path);
            }

            @Override
            public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
                    throws IOException {
                throw procIsFixed(path, "touched");
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        if (!isProc(path)) {
            return Files.readAttributes(host(path), type, options);
        }
        if (type != BasicFileAttributes.class) {
            throw new UnsupportedOperationException(path + ": the kernel's proc tree has basic attributes only");
        }
        return (A) procAttributes(path);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        if (!isProc(path)) {
            return Files.readAttributes(host(path), attributes, options);
        }
        BasicFileAttributes a = procAttributes(path);
        return Map.of("isDirectory", a.isDirectory(), "isRegularFile", a.isRegularFile(), "isSymbolicLink", false,
                "isOther", false, "size", 0L, "lastModifiedTime", EPOCH, "lastAccessTime", EPOCH,
                "creationTime", EPOCH);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        if (isProc(path)) {
            throw procIsFixed(path, "changed");
        }
        Files.setAttribute(host(path), attribute, value, options);
    }

    /** A proc entry or directory: no size (its text is made when it is read, as on Linux), no times. */
    private BasicFileAttributes procAttributes(Path path) throws NoSuchFileException {
        String p = shell(path).procPath();
        if (!fs.proc().exists(p)) {
            throw new NoSuchFileException(p, null, "no such file or directory in the kernel's proc tree");
        }
        boolean directory = fs.proc().isDirectory(p);
        return new BasicFileAttributes() {
            @Override
            public FileTime lastModifiedTime() {
                return EPOCH;
            }

            @Override
            public FileTime lastAccessTime() {
                return EPOCH;
            }

            @Override
            public FileTime creationTime() {
                return EPOCH;
            }

            @Override
            public boolean isRegularFile() {
                return !directory;
            }

            @Override
            public boolean isDirectory() {
                return directory;
            }

            @Override
            public boolean isSymbolicLink() {
                return false;
            }

            @Override
            public boolean isOther() {
                return false;
            }

            @Override
            public long size() {
                return 0;
            }

            @Override
            public Object fileKey() {
                return null;
            }
        };
    }
}
