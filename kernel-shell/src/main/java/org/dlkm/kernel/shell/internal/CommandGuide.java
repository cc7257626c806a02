package org.dlkm.kernel.shell.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the shell knows about each dlkm command, for {@code help} and for completion: its group, one line saying what
 * it does, its usage (the text the command itself prints with a usage error), and its options. One table, so that
 * {@code help}, the options Tab offers and the commands' own usage texts cannot drift apart: the usage texts are the
 * commands' own constants.
 *
 * <p>Immutable; safe from any thread.
 */
final class CommandGuide {

    /** The groups {@code help} lists the commands in, in this order. */
    enum Group {
        ESX("ESX Server: the VMkernel module loader"),
        HPUX("HP-UX: dynamically loadable kernel modules"),
        DEVICES("Devices"),
        PROC("The proc tree and files"),
        SESSION("The session and the kernel");

        private final String heading;

        Group(String heading) {
            this.heading = heading;
        }

        /** The heading {@code help} prints above the group. */
        String heading() {
            return heading;
        }
    }

    /**
     * An option of a command, as Tab offers it.
     *
     * @param letter the short option, {@code L} for {@code -L}
     * @param longName the long option without its dashes, or {@code null}
     * @param description what it does, in a few words
     */
    record Option(char letter, String longName, String description) {
    }

    /**
     * A dlkm command.
     *
     * @param name the name typed
     * @param group where {@code help} lists it
     * @param summary what it does, in one line
     * @param usage its usage, as it prints it with a usage error
     * @param options the options Tab offers
     */
    record Command(String name, Group group, String summary, String usage, List<Option> options) {
    }

    /** The usage of {@code help}. */
    static final String HELP_USAGE = String.join("\n",
            "Usage: help            the dlkm commands, by group",
            "       help COMMAND    a command's usage",
            "       help -a         the other commands too: Gogo's and Felix's");

    private static final List<Command> COMMANDS = List.of(
            new Command(VmkloadMod.NAME, Group.ESX, "load, unload and list VMkernel modules, and list a module's"
                    + " parameters", VmkloadMod.USAGE, List.of(
                            new Option('l', "list", "list the loaded modules"),
                            new Option('u', "unload", "unload a module"),
                            new Option('v', "verbose", "report each step of the load"),
                            new Option('d', "device", "claim and share a SCSI adapter of the service console"),
                            new Option('e', "exportsym", "export the module's symbols"),
                            new Option('s', "showparam", "list the parameters a module takes"),
                            new Option('h', "help", "print the usage"))),
            new Command(Kmadmin.NAME, Group.HPUX, "load, unload and query modules, with the modules they depend on",
                    Kmadmin.USAGE, List.of(
                            new Option('L', null, "demand-load a module and what it depends on"),
                            new Option('n', null, "with -L: only show the plan"),
                            new Option('U', null, "unload a module by name"),
                            new Option('u', null, "unload a module by ID"),
                            new Option('S', null, "full status of every registered module"),
                            new Option('s', null, "brief status of the loaded modules"),
                            new Option('k', null, "list the statically configured modules"),
                            new Option('Q', null, "query a module by name"),
                            new Option('q', null, "query a module by ID"),
                            new Option('h', "help", "print the usage"))),
            new Command(Kmsystem.NAME, Group.HPUX, "set or print the configure and loadable flags of system files",
                    Kmsystem.USAGE, List.of(
                            new Option('c', null, "configure the module into the kernel: Y or N"),
                            new Option('l', null, "make the module loadable: Y or N"),
                            new Option('q', null, "print one module's flags"),
                            new Option('S', null, "print every module's flags, or a build system file's"),
                            new Option('h', "help", "print the usage"))),
            new Command(Kminstall.NAME, Group.HPUX, "add, update or delete a module's image, master and system file",
                    Kminstall.USAGE, List.of(
                            new Option('a', null, "add a module from its jar"),
                            new Option('u', null, "replace a registered module's image from a jar"),
                            new Option('d', null, "delete a module's files"),
                            new Option('h', "help", "print the usage"))),
            new Command(Kmtune.NAME, Group.HPUX, "query, set or reset tunable system parameters",
                    Kmtune.USAGE, List.of(
                            new Option('l', null, "the detailed report"),
                            new Option('d', null, "only the parameters whose planned and current values differ"),
                            new Option('q', null, "query a parameter"),
                            new Option('s', null, "set a planned value: name=value, or name+value to add"),
                            new Option('r', null, "reset a parameter to its default"),
                            new Option('u', null, "also apply dynamic changes to the running kernel at once"),
                            new Option('S', null, "read and write this system file instead of /stand/system"),
                            new Option('h', "help", "print the usage"))),
            new Command(KernelBuild.SYSTEM_PREP, Group.HPUX, "write a system file describing the running kernel",
                    KernelBuild.SYSTEM_PREP_USAGE, List.of(
                            new Option('s', null, "the system file to write"),
                            new Option('v', null, "explain each step"),
                            new Option('h', "help", "print the usage"))),
            new Command(KernelBuild.MK_KERNEL, Group.HPUX,
                    "build a kernel from a system file, verified by resolving it",
                    KernelBuild.MK_KERNEL_USAGE, List.of(
                            new Option('s', null, "the system file (default /stand/build/system)"),
                            new Option('o', null, "the kernel file to write (default /stand/build/vmunix_test)"),
                            new Option('v', null, "explain each step"),
                            new Option('h', "help", "print the usage"))),
            new Command(KernelBuild.CONFIG, Group.HPUX, "build a kernel from a system file, or a module's image (-M)",
                    KernelBuild.CONFIG_USAGE, List.of(
                            new Option('u', null, "then run kmupdate"),
                            new Option('M', null, "configure a module's loadable image for the running kernel"),
                            new Option('h', "help", "print the usage"))),
            new Command(KernelBuild.KMUPDATE, Group.HPUX, "install a built kernel at shutdown, or a module's image (-M)",
                    KernelBuild.KMUPDATE_USAGE, List.of(
                            new Option('M', null, "move a module's configured image into place"),
                            new Option('i', null, "with -M: at once, a loaded module reloaded on its new image"),
                            new Option('a', null, "with -M: at the next shutdown"),
                            new Option('h', "help", "print the usage"))),
            new Command("scanpci", Group.DEVICES, "list the PCI devices the service console sees", "Usage: scanpci",
                    List.of()),
            new Command("vmkdev", Group.DEVICES, "list VMkernel devices; open or close one as a virtual machine would",
                    VmkernelCommands.VMKDEV_USAGE, List.of(
                            new Option('o', null, "open a device for a holder"),
                            new Option('c', null, "close a holder's handle on a device"))),
            new Command(VmwareCmd.NAME, Group.DEVICES, "register, list, start and stop virtual machines (.vmx files)",
                    VmwareCmd.USAGE, List.of(
                            new Option('l', null, "list the registered virtual machines"),
                            new Option('s', null, "register or unregister a configuration file"),
                            new Option('h', "help", "print the usage"))),
            new Command(Vmxmit.NAME, Group.DEVICES, "make a virtual machine transmit at an offered rate through its"
                    + " filter", Vmxmit.USAGE, List.of()),
            new Command(Hotplug.NAME, Group.DEVICES, "insert a card into the PCI bus, or remove one (PCI hot-plug)",
                    Hotplug.USAGE, List.of()),
            new Command("ls", Group.PROC, "list a directory; under /proc, the kernel's proc tree",
                    "Usage: ls [PATH]...", List.of()),
            new Command("cat", Group.PROC, "print files; under /proc, the kernel's proc entries", ProcCommands.CAT_USAGE, List.of()),
            new Command("cp", Group.PROC, "copy a file; the copy appears whole, at once", FileCommands.CP_USAGE,
                    List.of()),
            new Command("rm", Group.PROC, "remove files", FileCommands.RM_USAGE, List.of()),
            new Command("mkdir", Group.PROC, "make directories", FileCommands.MKDIR_USAGE,
                    List.of(new Option('p', null, "make missing parents too; no error if a directory exists"))),
            new Command("cd", Group.PROC, "change directory: /stand, /etc... are the kernel home's, /proc the kernel's",
                    DirectoryCommands.CD_USAGE, List.of()),
            new Command("pwd", Group.PROC, "print the current directory as the shell names it", "usage: pwd",
                    List.of()),
            new Command("echo", Group.PROC, "print words; redirected to a proc entry (> /proc/...), write it",
                    DirectoryCommands.ECHO_USAGE, List.of(new Option('n', null, "no final newline"))),
            new Command("help", Group.SESSION, "list the commands, or print one's usage", HELP_USAGE,
                    List.of(new Option('a', "all", "list Gogo's and Felix's commands too"))),
            new Command("exit", Group.SESSION, "leave the shell, or end a script, with a status; the kernel goes on",
                    "Usage: exit [N]    leave the shell with status N (0 to 255, default 0)", List.of()),
            new Command(Shutdown.SHUTDOWN, Group.SESSION, "halt (-h) or reboot (-r) the kernel", Shutdown.USAGE,
                    List.of(new Option('h', null, "halt the kernel"),
                            new Option('r', null, "reboot the kernel"),
                            new Option('y', null, "do not ask (dlkm never asks)"))),
            new Command(Shutdown.REBOOT, Group.SESSION, "reboot the kernel: halt it, then boot it again",
                    Shutdown.USAGE, List.of()));

    private CommandGuide() {
    }

    /** @return every command, in the order {@code help} lists them within their groups */
    static List<Command> commands() {
        return COMMANDS;
    }

    /**
     * @param typed a command as typed: its name, its scoped name ({@code dlkm:kmadmin}) or the manuals' absolute path
     *        ({@code /usr/sbin/kmadmin})
     * @return the command, if it is one of this table
     */
    static Optional<Command> find(String typed) {
        String name = canonicalName(typed);
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** @return the command's plain name: without the {@code dlkm:} scope, and the command an absolute path names */
    static String canonicalName(String typed) {
        String name = typed.startsWith("dlkm:") ? typed.substring("dlkm:".length()) : typed;
        return SeedCommandNames.PATHS.getOrDefault(name, name);
    }

    /** @return the absolute paths of the manuals that run the command, sorted */
    static List<String> paths(String name) {
        return SeedCommandNames.PATHS.entrySet().stream().filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
