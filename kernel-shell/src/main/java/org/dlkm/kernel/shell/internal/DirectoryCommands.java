package org.dlkm.kernel.shell.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Process;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.shell.internal.paths.ProcWriteFailure;
import org.dlkm.kernel.shell.internal.paths.ShellPath;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cd}, {@code pwd} and {@code echo} in the dlkm shell. {@code cd} moves in the shell's view of files
 * ({@link ShellFiles}): {@code cd /stand/build} enters the kernel home's {@code stand/build}, {@code cd /proc/vmware}
 * the kernel's proc tree, any other path the host's; {@code cd} alone returns to where the session started and
 * {@code cd -} to the previous directory. {@code pwd} prints the directory as the shell names it. {@code echo} prints
 * its arguments, and fails with the entry's reason when its output is redirected to a proc entry that refuses it.
 *
 * <p>Threading: stateless; each session's directory is the session's own.
 */
@Component(service = DirectoryCommands.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=cd",
        "osgi.command.function=pwd",
        "osgi.command.function=echo" })
@Descriptor("the shell's current directory, and echo")
public final class DirectoryCommands {
    /** The session variable holding the previous directory, for {@code cd -}, as POSIX shells name it. */
    static final String PREVIOUS = "OLDPWD";
    static final String CD_USAGE = "usage: cd [DIRECTORY | -]";
    static final String ECHO_USAGE = "usage: echo [-n] [WORD...]    print the words; -n: without the final newline";

    private final ShellFiles files;
    private final ProcTree proc;

    /** Creates the commands over the shell's file system and the kernel's proc tree. */
    @Activate
    public DirectoryCommands(@Reference ShellFiles files, @Reference ProcTree proc) {
        this.files = files;
        this.proc = proc;
    }

    /** {@code cd}. */
    @Descriptor("change the current directory: /stand, /usr/conf, /etc, /usr/lib/vmware/vmkmod, /vmfs and /var/adm"
            + " are the kernel home's, /proc the kernel's")
    public String cd(CommandSession session, @Descriptor("[DIRECTORY | -]") String... args) {
        if (args.length > 1) {
            throw new CommandFailure("cd", Errno.EINVAL, CD_USAGE);
        }
        ShellPath here = files.current(session);
        Path target;
        boolean back = args.length == 1 && args[0].equals("-");
        if (args.length == 0) {
            target = session.get(ShellFiles.START) instanceof Path start ? start : here;
        } else if (back) {
            if (!(session.get(PREVIOUS) instanceof Path previous)) {
                throw new CommandFailure("cd", Errno.ENOENT, "no previous directory");
            }
            target = previous;
        } else {
            target = files.resolve(session, "cd", args[0]);
        }
        String typed = args.length == 1 && !back ? args[0] : files.display(target);
        ShellPath dir = directory(target, typed);
        session.put(PREVIOUS, here);
        session.currentDir(dir);
        return back ? files.display(dir) : null;
    }

    private ShellPath directory(Path target, String typed) {
        if (target instanceof ShellPath shell && shell.isProc()) {
            if (!proc.exists(shell.procPath())) {
                throw new CommandFailure("cd", Errno.ENOENT, typed + ": no such directory in the kernel's proc tree");
            }
            if (!proc.isDirectory(shell.procPath())) {
                throw new CommandFailure("cd", Errno.ENOTDIR, typed + ": a proc entry, not a directory");
            }
            return shell;
        }
        Path host = target instanceof ShellPath shell ? shell.hostPath() : target.toAbsolutePath().normalize();
        if (!Files.exists(host)) {
            throw new CommandFailure("cd", Errno.ENOENT, typed + ": no such file or directory");
        }
        if (!Files.isDirectory(host)) {
            throw new CommandFailure("cd", Errno.ENOTDIR, typed + ": not a directory");
        }
        return files.fileSystem().directory(host);
    }

    /** {@code pwd}. */
    @Descriptor("print the current directory as the shell names it")
    public String pwd(CommandSession session) {
        return files.display(files.current(session));
    }

    /** {@code echo}. */
    @Descriptor("print the arguments, separated by spaces; -n: without the final newline")
    public void echo(@Descriptor("[-n] [ARGUMENT...]") Object... args) {
        int first = args.length > 0 && "-n".equals(String.valueOf(args[0])) ? 1 : 0;
        StringBuilder text = new StringBuilder();
        for (int i = first; i < args.length; i++) {
            text.append(i > first ? " " : "").append(args[i]);
        }
        if (first == 0) {
            text.append('\n');
        }
        Process process = Process.Utils.current();
        PrintStream out = process != null ? process.out() : System.out;
        try {
            out.print(text);
            out.flush();
        } catch (ProcWriteFailure refused) {
            throw new CommandFailure("echo", refused.errno(), refused.reason());
        }
        if (out.checkError()) {
            throw new CommandFailure("echo", Errno.EIO, "write error: the output could not be written");
        }
    }
}
