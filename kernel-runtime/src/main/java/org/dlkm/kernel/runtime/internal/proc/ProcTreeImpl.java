package org.dlkm.kernel.runtime.internal.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.proc.ProcReader;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.proc.ProcWriter;
import org.dlkm.kernel.runtime.internal.Causes;

/**
 * The virtual {@code /proc}: a sorted map from entry path to entry. Directories are implied by the entries below
 * them, so a directory disappears with its last entry.
 *
 * <p>Threading: lock-free reads and writes through a concurrent map; a reader or writer runs on the caller's thread,
 * and whatever it throws, {@link Error}s included, comes back as a {@link KernelException} naming its publisher.
 */
public final class ProcTreeImpl implements ProcTree {

    private record Entry(String owner, ProcReader reader, ProcWriter writer) {
    }

    private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();

    /**
     * Publishes an entry.
     *
     * @param owner who published it, for messages
     * @throws KernelException {@code EINVAL} for a path not under {@code /proc}, {@code EEXIST} if taken
     */
    public void publish(String path, String owner, ProcReader reader, ProcWriter writer) throws KernelException {
        String p = normalise(path);
        if (!p.startsWith("/proc/") || p.endsWith("/") || p.contains("//") || p.contains("/./") || p.contains("/../")
                || p.endsWith("/.") || p.endsWith("/..")) {
            throw new KernelException(Errno.EINVAL, "proc path '" + path + "' must be an absolute path under /proc"
                    + " without . or .. segments");
        }
        if (isDirectory(p)) {
            throw new KernelException(Errno.EEXIST, "proc path " + p + " is a directory");
        }
        for (int slash = p.indexOf('/', "/proc/".length()); slash > 0; slash = p.indexOf('/', slash + 1)) {
            Entry parent = entries.get(p.substring(0, slash));
            if (parent != null) {
                throw new KernelException(Errno.EEXIST, "proc path " + p + " is below " + p.substring(0, slash)
                        + ", an entry published by " + parent.owner() + ", not a directory");
            }
        }
        Entry previous = entries.putIfAbsent(p, new Entry(owner, reader, writer));
        if (previous != null) {
            throw new KernelException(Errno.EEXIST, "proc entry " + p + " already exists (published by "
                    + previous.owner() + ")");
        }
    }

    /** Removes an entry if it exists. */
    public void remove(String path) {
        entries.remove(normalise(path));
    }

    @Override
    public boolean exists(String path) {
        return entries.containsKey(normalise(path)) || isDirectory(path);
    }

    @Override
    public boolean isDirectory(String path) {
        String p = normalise(path);
        if (p.equals("/proc")) {
            return true;
        }
        String prefix = p + "/";
        String next = ((ConcurrentSkipListMap<String, Entry>) entries).ceilingKey(prefix);
        return next != null && next.startsWith(prefix);
    }

    @Override
    public List<String> list(String path) throws KernelException {
        String p = normalise(path);
        if (entries.containsKey(p)) {
            throw new KernelException(Errno.EINVAL, p + ": not a directory");
        }
        if (!isDirectory(p)) {
            throw new KernelException(Errno.ENOENT, p + ": no such file or directory in the kernel's proc tree");
        }
        String prefix = p + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String key : ((ConcurrentSkipListMap<String, Entry>) entries).tailMap(prefix).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
        }
        return new ArrayList<>(names);
    }

    @Override
    public boolean isWritable(String path) {
        Entry e = entries.get(normalise(path));
        return e != null && e.writer() != null;
    }

    @Override
    public String read(String path) throws KernelException {
        String p = normalise(path);
        Entry e = entries.get(p);
        if (e == null) {
            if (isDirectory(p)) {
                throw new KernelException(Errno.EINVAL, p + ": is a directory");
            }
            throw new KernelException(Errno.ENOENT, p + ": no such file or directory in the kernel's proc tree");
        }
        String text;
        try {
            text = e.reader().read();
        } catch (Throwable t) {
            throw failed(p, e, "reader", t);
        }
        if (text == null) {
            throw new KernelException(Errno.EIO, p + ": its reader, published by " + e.owner() + ", returned no text");
        }
        return text;
    }

    @Override
    public void write(String path, String text) throws KernelException {
        String p = normalise(path);
        Entry e = entries.get(p);
        if (e == null) {
            if (isDirectory(p)) {
                throw new KernelException(Errno.EISDIR, p + ": is a directory, not an entry");
            }
            throw new KernelException(Errno.ENOENT, p + ": no such file or directory in the kernel's proc tree");
        }
        if (e.writer() == null) {
            throw new KernelException(Errno.EACCES, p + ": read-only proc entry");
        }
        try {
            e.writer().write(text);
        } catch (KernelException refused) {
            throw refused;
        } catch (Throwable t) {
            throw failed(p, e, "writer", t);
        }
    }

    /**
     * An entry's reader or writer is module code, run on the caller's thread: whatever it throws becomes a refusal
     * that names the entry, who published it and the real cause, {@code ENOMEM} for an {@link OutOfMemoryError},
     * {@code EIO} for anything else.
     */
    private static KernelException failed(String path, Entry e, String what, Throwable t) {
        Errno code = t instanceof OutOfMemoryError ? Errno.ENOMEM : Errno.EIO;
        return new KernelException(code, path + ": its " + what + ", published by " + e.owner() + ", failed: "
                + Causes.describe(t), t);
    }

    private static String normalise(String path) {
        String p = path == null ? "" : path.trim();
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
