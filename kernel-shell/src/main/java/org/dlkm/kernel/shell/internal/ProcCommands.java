package org.dlkm.kernel.shell.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.shell.internal.paths.ShellPath;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ls} and {@code cat} in the dlkm shell: paths lead where the shell's paths lead ({@link ShellFiles}): under
 * {@code /proc} into the kernel's proc tree, not the host's; under a seed root such as {@code /stand} into the kernel
 * home; elsewhere into the host file system, relative to the session's current directory. {@code cat} prints only
 * regular UTF-8 text files up to {@link HostTextFile#LIMIT} bytes. Stateless.
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
    private final ShellFiles files;

    /** Creates the commands over the kernel's proc tree and the shell's view of files. */
    @Activate
    public ProcCommands(@Reference ProcTree proc, @Reference ShellFiles files) {
        this.proc = proc;
        this.files = files;
    }

    /** The commands over a proc tree, with the seed paths mapped into a home {@code var} of the working directory. */
    ProcCommands(ProcTree proc) {
        this(proc, new ShellFiles(Path.of("var"), proc));
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
        Path dir = files.resolve(session, "ls", path);
        if (dir instanceof ShellPath shell && shell.isProc()) {
            try {
                return proc.list(shell.procPath());
            } catch (KernelException e) {
                throw new CommandFailure("ls", e);
            }
        }
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
        Path file = files.resolve(session, "cat", path);
        if (file instanceof ShellPath shell && shell.isProc()) {
            try {
                return proc.read(shell.procPath());
            } catch (KernelException e) {
                throw new CommandFailure("cat", e);
            }
        }
        return HostTextFile.read(path, file);
    }
}
