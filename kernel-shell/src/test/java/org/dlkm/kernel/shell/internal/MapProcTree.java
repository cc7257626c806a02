package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.proc.ProcTree;

/** A proc tree of fixed entries for the shell's tests: text to read, and optionally a writer. */
final class MapProcTree implements ProcTree {
    private record Entry(String text, Consumer<String> writer) {
    }

    private final Map<String, Entry> entries = new TreeMap<>();
    final List<String> written = new ArrayList<>();

    /** An entry that reads as {@code text}, read-only. */
    MapProcTree entry(String path, String text) {
        entries.put(path, new Entry(text, null));
        return this;
    }

    /** A writable entry: a write the writer does not refuse (by throwing) is recorded in {@link #written}. */
    MapProcTree writable(String path, Consumer<String> writer) {
        entries.put(path, new Entry("", writer));
        return this;
    }

    @Override
    public boolean exists(String path) {
        return entries.containsKey(path) || isDirectory(path);
    }

    @Override
    public boolean isDirectory(String path) {
        return path.equals("/proc") || entries.keySet().stream().anyMatch(p -> p.startsWith(path + "/"));
    }

    @Override
    public List<String> list(String path) throws KernelException {
        if (!isDirectory(path)) {
            throw new KernelException(Errno.ENOENT, path + ": no such directory");
        }
        TreeSet<String> names = new TreeSet<>();
        for (String p : entries.keySet()) {
            if (p.startsWith(path + "/")) {
                String rest = p.substring(path.length() + 1);
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public String read(String path) throws KernelException {
        Entry e = entries.get(path);
        if (e == null) {
            throw new KernelException(Errno.ENOENT, path + ": no such entry");
        }
        return e.text();
    }

    @Override
    public boolean isWritable(String path) {
        Entry e = entries.get(path);
        return e != null && e.writer() != null;
    }

    @Override
    public void write(String path, String text) throws KernelException {
        Entry e = entries.get(path);
        if (e == null || e.writer() == null) {
            throw new KernelException(e == null ? Errno.ENOENT : Errno.EACCES, path + ": cannot write");
        }
        try {
            e.writer().accept(text);
        } catch (IllegalArgumentException refused) {
            throw new KernelException(Errno.EINVAL, refused.getMessage());
        }
        written.add(text);
    }
}
