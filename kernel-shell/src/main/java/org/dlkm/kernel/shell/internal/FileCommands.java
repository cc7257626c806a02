package org.dlkm.kernel.shell.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.dlkm.kernel.Errno;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cp}, {@code rm} and {@code mkdir} in the dlkm shell, over the shell's view of files ({@link ShellFiles}):
 * what an administrator types to drop a module jar into the module directory, {@code cp greeter.jar
 * /usr/lib/vmware/vmkmod/}, to take one out, or to make a virtual machine's directory, {@code mkdir /vmfs/vm1}. {@code cp} writes the copy beside its target under a hidden name and
 * renames it into place, so that a watcher of the directory (hot deployment) never reads half a file. Every operand is
 * checked before anything changes: a missing file, a directory, a proc entry are refused, naming the operand.
 *
 * <p>Threading: stateless.
 */
@Component(service = FileCommands.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=cp",
        "osgi.command.function=rm",
        "osgi.command.function=mkdir" })
@Descriptor("copy and remove files, make directories")
public final class FileCommands {
    static final String CP_USAGE = "usage: cp SOURCE TARGET    copy a file; TARGET a file, or a directory to copy into";
    static final String RM_USAGE = "usage: rm FILE...    remove files";
    static final String MKDIR_USAGE = "usage: mkdir [-p] DIRECTORY...    make directories; -p: their parents too,"
            + " and no error if they exist";

    private final ShellFiles files;

    @Activate
    public FileCommands(@Reference ShellFiles files) {
        this.files = files;
    }

    /** {@code cp}. */
    @Descriptor("copy a file: cp SOURCE TARGET, TARGET a file or a directory; the copy appears whole, at once")
    public String cp(CommandSession session, @Descriptor("SOURCE TARGET") String... args) {
        if (args.length != 2) {
            throw new CommandFailure("cp", Errno.EINVAL, CP_USAGE);
        }
        Path source = files.defaultFileSystemPath(session, "cp", args[0]);
        Path target = files.defaultFileSystemPath(session, "cp", args[1]);
        if (!Files.exists(source)) {
            throw new CommandFailure("cp", Errno.ENOENT, args[0] + ": no such file");
        }
        if (Files.isDirectory(source)) {
            throw new CommandFailure("cp", Errno.EISDIR, args[0] + ": a directory; cp copies files");
        }
        if (Files.isDirectory(target)) {
            target = target.resolve(source.getFileName());
        } else if (args[1].endsWith("/") || !Files.isDirectory(target.toAbsolutePath().getParent())) {
            throw new CommandFailure("cp", Errno.ENOENT, args[1] + ": no such directory");
        }
        if (Files.exists(target) && sameFile(source, target)) {
            throw new CommandFailure("cp", Errno.EINVAL, args[0] + " and " + args[1] + " are the same file");
        }
        Path temp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong()) + ".cp");
        try {
            Files.copy(source, temp);
            move(temp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the refusal below says what failed; a hidden leftover is harmless
            }
            throw new CommandFailure("cp", Errno.EIO, args[0] + " -> " + args[1] + ": " + e);
        }
        return null;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code rm}. */
    @Descriptor("remove files")
    public String rm(CommandSession session, @Descriptor("FILE...") String... args) {
        if (args.length == 0) {
            throw new CommandFailure("rm", Errno.EINVAL, RM_USAGE);
        }
        List<Path> paths = new ArrayList<>();
        for (String typed : args) {
            Path p = files.defaultFileSystemPath(session, "rm", typed);
            if (!Files.exists(p)) {
                throw new CommandFailure("rm", Errno.ENOENT, typed + ": no such file; nothing removed");
            }
            if (Files.isDirectory(p)) {
                throw new CommandFailure("rm", Errno.EISDIR, typed + ": a directory; rm removes files; nothing"
                        + " removed");
            }
            paths.add(p);
        }
        for (int i = 0; i < paths.size(); i++) {
            try {
                Files.delete(paths.get(i));
            } catch (NoSuchFileException gone) {
                // removed meanwhile: what rm was asked for
            } catch (IOException e) {
                throw new CommandFailure("rm", Errno.EIO, args[i] + ": " + e);
            }
        }
        return null;
    }

    /** {@code mkdir}. */
    @Descriptor("make directories: mkdir [-p] DIRECTORY...; -p makes missing parents and accepts existing ones")
    public String mkdir(CommandSession session, @Descriptor("[-p] DIRECTORY...") String... args) {
        boolean parents = args.length > 0 && args[0].equals("-p");
        int first = parents ? 1 : 0;
        if (args.length == first || args[first].startsWith("-")) {
            throw new CommandFailure("mkdir", Errno.EINVAL, MKDIR_USAGE);
        }
        List<Path> paths = new ArrayList<>();
        for (int i = first; i < args.length; i++) {
            String typed = args[i];
            Path p = files.defaultFileSystemPath(session, "mkdir", typed);
            if (Files.isDirectory(p) && !parents) {
                throw new CommandFailure("mkdir", Errno.EEXIST, typed + ": exists already; nothing made");
            }
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new CommandFailure("mkdir", Errno.EEXIST, typed + ": a file is there; nothing made");
            }
            if (!parents && !Files.isDirectory(p.toAbsolutePath().getParent())) {
                throw new CommandFailure("mkdir", Errno.ENOENT, typed + ": no such parent directory (mkdir -p makes"
                        + " it too); nothing made");
            }
            paths.add(p);
        }
        for (int i = 0; i < paths.size(); i++) {
            try {
                Files.createDirectories(paths.get(i));
            } catch (IOException e) {
                throw new CommandFailure("mkdir", Errno.EIO, args[first + i] + ": " + e);
            }
        }
        return null;
    }
}
