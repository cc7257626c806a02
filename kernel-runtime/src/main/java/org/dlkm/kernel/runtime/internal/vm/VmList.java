package org.dlkm.kernel.runtime.internal.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * The registered virtual machines: {@code etc/vmware/vm-list} in the kernel home, one {@code config "PATH"} line per
 * configuration file in registration order, as ESX Server keeps {@code /etc/vmware/vm-list}; {@code #} comments and
 * blank lines are allowed. The paths are absolute. Every change rewrites the file crash-safely ({@link AtomicFiles}):
 * a kill leaves the old list or the new one, whole. A list that cannot be read is an error naming its file and line.
 *
 * <p>Threading: not thread-safe; its owner ({@link VirtualMachinesImpl}) serialises calls.
 */
final class VmList {
    private static final Pattern LINE = Pattern.compile("config\\s+\"([^\"]+)\"");

    private final Path file;
    private final List<Path> paths = new ArrayList<>();

    /**
     * Reads the list.
     *
     * @param file {@code <home>/etc/vmware/vm-list}; absent means none registered
     * @throws KernelException {@code EINVAL} naming the file and line of a line that is not {@code config "PATH"}
     *         with an absolute path, {@code EIO} if it cannot be read
     */
    VmList(Path file) throws KernelException {
        this.file = file;
        String text;
        try {
            text = StrictText.utf8(Files.readAllBytes(file), (line, reason) -> at(line, reason));
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, file + ": cannot be read: " + e.getMessage(), e);
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw at(i + 1, "expected config \"PATH\", found " + StrictText.quoted(line));
            }
            Path p;
            try {
                p = Path.of(m.group(1));
            } catch (InvalidPathException e) {
                throw at(i + 1, "not a path on this host: " + e.getReason());
            }
            if (!p.isAbsolute()) {
                throw at(i + 1, "the path " + m.group(1) + " is not absolute");
            }
            p = p.normalize();
            if (paths.contains(p)) {
                throw at(i + 1, m.group(1) + " is listed twice");
            }
            paths.add(p);
        }
    }

    /** @return the registered files, in registration order */
    List<Path> paths() {
        return List.copyOf(paths);
    }

    boolean contains(Path configFile) {
        return paths.contains(configFile);
    }

    /** Adds a file and writes the list; on failure the list is as it was. */
    void add(Path configFile) throws KernelException {
        List<Path> next = new ArrayList<>(paths);
        next.add(configFile);
        write(next);
    }

    /** Removes a file and writes the list; on failure the list is as it was. */
    void remove(Path configFile) throws KernelException {
        List<Path> next = new ArrayList<>(paths);
        next.remove(configFile);
        write(next);
    }

    private void write(List<Path> next) throws KernelException {
        StringBuilder sb = new StringBuilder("# virtual machines registered with vmware-cmd -s register\n");
        next.forEach(p -> sb.append("config \"").append(p).append("\"\n"));
        try {
            AtomicFiles.write(file, sb.toString());
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, file + ": cannot be written: " + e.getMessage()
                    + "; the registered machines are unchanged", e);
        }
        paths.clear();
        paths.addAll(next);
    }

    private KernelException at(int line, String reason) {
        return new KernelException(Errno.EINVAL, file + ":" + line + ": " + reason);
    }
}
