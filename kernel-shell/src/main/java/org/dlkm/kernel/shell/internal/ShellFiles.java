package org.dlkm.kernel.shell.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.home.KernelHomeLayout;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.shell.internal.paths.SeedRoots;
import org.dlkm.kernel.shell.internal.paths.ShellFileSystem;
import org.dlkm.kernel.shell.internal.paths.ShellPath;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Where the shell's paths lead: every session's current directory is a directory of the {@link ShellFileSystem}, so
 * that the seeds' absolute paths ({@code /stand}, {@code /etc}, {@code /usr/lib/vmware/vmkmod}...) lead into the
 * kernel home and {@code /proc} into the kernel's proc tree, for the commands here and for Gogo's own redirections
 * and globs alike. Gogo calls {@link #beforeExecute} before each command line of every session, which is where a
 * session's first current directory (the launcher sets the administrator's working directory) becomes the shell's.
 *
 * <p>Threading: stateless apart from the sessions it is given; safe from any thread.
 */
@Component(service = {ShellFiles.class, CommandSessionListener.class})
public final class ShellFiles implements CommandSessionListener {
    /** The session variable holding the directory a session started in, where {@code cd} alone goes. */
    static final String START = ".dlkm.start";

    private final ShellFileSystem fs;

    /** Creates the shell's file system over the kernel home of the framework and its proc tree. */
    @Activate
    public ShellFiles(BundleContext context, @Reference ProcTree proc) {
        this(roots(context), proc);
    }

    /** @param home the kernel home, with its module directory {@code vmkmod} */
    ShellFiles(Path home, ProcTree proc) {
        this(new SeedRoots(home), proc);
    }

    private ShellFiles(SeedRoots roots, ProcTree proc) {
        this.fs = new ShellFileSystem(roots, proc);
    }

    /** The home and module directory as the runtime reads them from the framework's properties. */
    private static SeedRoots roots(BundleContext context) {
        String home = context.getProperty(KernelHomeLayout.HOME_PROPERTY);
        KernelHomeLayout layout = KernelHomeLayout.of(Path.of(home == null ? "var" : home));
        String modules = context.getProperty(KernelHomeLayout.MODULES_PROPERTY);
        return new SeedRoots(layout.root(), modules == null ? layout.moduleDirectory() : Path.of(modules));
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        current(session);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
    }

    /** @return the file system of the shell's paths */
    ShellFileSystem fileSystem() {
        return fs;
    }

    /**
     * @param session a session, or null outside one (the process's working directory then)
     * @return the session's current directory, made the shell's if it was not yet
     */
    ShellPath current(CommandSession session) {
        Path cwd = session == null ? null : session.currentDir();
        if (cwd instanceof ShellPath shell && shell.getFileSystem() == fs) {
            return shell;
        }
        ShellPath dir = fs.directory(cwd == null ? Path.of("").toAbsolutePath() : cwd);
        if (session != null) {
            session.currentDir(dir);
            if (session.get(START) == null) {
                session.put(START, dir);
            }
        }
        return dir;
    }

    /**
     * @param command the command, for its refusal
     * @param typed a path as typed: absolute in the shell's view, or relative to the current directory
     * @return a {@link ShellPath} in {@code /proc}, or a host path
     * @throws CommandFailure {@code EINVAL} for a path the host cannot have
     */
    Path resolve(CommandSession session, String command, String typed) {
        try {
            return fs.resolve(current(session), typed);
        } catch (InvalidPathException e) {
            throw new CommandFailure(command, Errno.EINVAL, typed + ": not a path on this host: " + e.getReason());
        }
    }

    /**
     * @return the host file a typed path leads to, for a command that reads or writes host files only
     * @throws CommandFailure {@code EINVAL} for a path the host cannot have or a path in {@code /proc}
     */
    Path hostFile(CommandSession session, String command, String typed) {
        Path p = resolve(session, command, typed);
        if (p instanceof ShellPath shell && shell.isProc()) {
            throw new CommandFailure(command, Errno.EINVAL, typed + ": an entry of the kernel's proc tree, not a file"
                    + " " + command + " can use");
        }
        return p;
    }

    /**
     * @return the host file a typed path leads to, as a path of the default file system, for a command whose files
     *         the kernel reads and writes (crash-safe writes create, force and rename files beside it)
     * @throws CommandFailure as {@link #hostFile}
     */
    Path defaultFileSystemPath(CommandSession session, String command, String typed) {
        Path p = hostFile(session, command, typed);
        return p instanceof ShellPath shell ? shell.hostPath() : p;
    }

    /** @return the path as the shell shows it: {@code /stand/build}, {@code /proc/vmware}, or the host's */
    String display(Path path) {
        return fs.display(path);
    }
}
