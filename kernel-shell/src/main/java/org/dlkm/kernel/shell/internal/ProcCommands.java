package org.dlkm.kernel.shell.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.proc.ProcTree;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ls} and {@code cat} in the dlkm shell: paths under {@code /proc} read the kernel's proc tree, not the
 * host's; any other path reads the host file system, relative to the session's current directory, and {@code cat}
 * prints only regular UTF-8 text files up to {@link HostTextFile#LIMIT} bytes. Stateless.
 */
@Component(service = ProcCommands.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=ls",
        "osgi.command.function=cat" })
@Descriptor("proc tree commands")
public final class ProcCommands {
    /** The usage {@code cat} prints with a usage error, and {@code help cat}. */
    static final String CAT_USAGE = "usage: cat PATH...";

    private final ProcTree proc;

    /** Creates the commands over the kernel's proc tree. */
    @Activate
    public ProcCommands(@Reference ProcTree proc) {
        this.proc = proc;
    }

    /** {@code ls}. */
    @Descriptor("list a directory; under /proc, the kernel's proc tree")
    public String ls(CommandSession session, @Descriptor("paths (default: the current directory)") String... paths) {
        List<String> targets = paths.length == 0 ? List.of(".") : List.of(paths);
        StringBuilder sb = new StringBuilder();
        for (String p : targets) {
            if (targets.size() > 1) {
                sb.append(sb.length() == 0 ? "" : "\n\n").append(p).append(":\n");
            }
            sb.append(String.join("\n", list(session, p)));
        }
        return sb.toString();
    }

    /** {@code cat}. */
    @Descriptor("print files; under /proc, entries of the kernel's proc tree; elsewhere, text files up to 1 MiB")
    public String cat(CommandSession session, @Descriptor("paths") String... paths) {
        if (paths.length == 0) {
            throw new CommandFailure("cat", Errno.EINVAL, CAT_USAGE);
        }
        StringBuilder sb = new StringBuilder();
        for (String p : paths) {
            sb.append(read(session, p));
        }
        String text = sb.toString();
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private List<String> list(CommandSession session, String path) {
        if (isProc(path)) {
            try {
                return proc.list(path);
            } catch (KernelException e) {
                throw new CommandFailure("ls", e);
            }
        }
        Path dir = hostPath(session, "ls", path);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return List.of(path);
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                names.add(e.getFileName() + (Files.isDirectory(e) ? "/" : ""));
            }
        } catch (IOException e) {
            throw HostTextFile.failure("ls", path, e);
        }
        names.sort(null);
        return names;
    }

    private String read(CommandSession session, String path) {
        if (isProc(path)) {
            try {
                return proc.read(path);
            } catch (KernelException e) {
                throw new CommandFailure("cat", e);
            }
        }
        return HostTextFile.read(path, hostPath(session, "cat", path));
    }

    private static boolean isProc(String path) {
        return path.equals("/proc") || path.startsWith("/proc/");
    }

    private static Path hostPath(CommandSession session, String command, String path) {
        Path cwd = session == null ? null : session.currentDir();
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new CommandFailure(command, Errno.EINVAL, path + ": not a path on this host: " + e.getReason());
        }
        return p.isAbsolute() || cwd == null ? p : cwd.resolve(p);
    }
}
