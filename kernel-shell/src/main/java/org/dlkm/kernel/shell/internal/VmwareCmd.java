package org.dlkm.kernel.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.vm.VirtualMachines;
import org.dlkm.kernel.vm.VmInfo;
import org.dlkm.kernel.vm.VmState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code vmware-cmd}, as ESX Server 2's: {@code -l} lists the registered configuration files, {@code -s register FILE}
 * and {@code -s unregister FILE} change them, {@code FILE start | stop | getstate | getid} act on one machine, and
 * each prints what ESX's prints ({@code start() = 1}, {@code getstate() = on}, {@code getid() = 137}). Paths are read
 * as {@code cat} reads them ({@code /vmfs/vm1/vm1.vmx}, or relative to the current directory) and shown as the
 * shell shows them.
 *
 * <p>A Gogo {@link Function} service rather than a command method: a dash is not a Java identifier, and Gogo calls
 * a {@code Function} registered under any name as it is. Stateless; safe from any thread.
 */
@Component(service = Function.class, immediate = true, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=" + VmwareCmd.NAME })
public final class VmwareCmd implements Function {
    static final String NAME = "vmware-cmd";
    static final String USAGE = String.join("\n",
            "Usage: vmware-cmd -l                          list the registered virtual machines",
            "       vmware-cmd -s register FILE            register a virtual machine's configuration file",
            "       vmware-cmd -s unregister FILE          unregister one (its file stays)",
            "       vmware-cmd FILE start | stop [MODE]    power a virtual machine on or off (MODE: soft, hard,"
                    + " trysoft)",
            "       vmware-cmd FILE getstate | getid       print its state (on, off), its VM ID while it runs");

    private final VirtualMachines vms;
    private final ShellFiles files;

    /** Creates the command over the kernel's virtual machines. */
    @Activate
    public VmwareCmd(@Reference VirtualMachines vms, @Reference ShellFiles files) {
        this.vms = vms;
        this.files = files;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(String.valueOf(a)));
        try {
            return run(session, args);
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    private String run(CommandSession session, List<String> args) throws KernelException {
        if (args.isEmpty()) {
            throw usage("an option or a configuration file is required");
        }
        switch (args.get(0)) {
        case "-h", "--help":
            return USAGE;
        case "-l":
            if (args.size() != 1) {
                throw usage("-l takes no operand");
            }
            List<String> shown = vms.registered().stream().map(files::display).toList();
            return shown.isEmpty() ? null : String.join("\n", shown);
        case "-s":
            if (args.size() != 3 || !(args.get(1).equals("register") || args.get(1).equals("unregister"))) {
                throw usage("-s takes register FILE or unregister FILE");
            }
            Path file = file(session, args.get(2));
            if (args.get(1).equals("register")) {
                vms.register(file);
            } else {
                vms.unregister(file);
            }
            return args.get(1) + "(" + files.display(file) + ") = 1";
        default:
            if (args.get(0).startsWith("-")) {
                throw usage("unknown option " + args.get(0));
            }
            return machine(file(session, args.get(0)), args.subList(1, args.size()));
        }
    }

    /** {@code FILE start | stop [MODE] | getstate | getid}. */
    private String machine(Path file, List<String> op) throws KernelException {
        if (op.isEmpty()) {
            throw usage("an operation is required after the configuration file: start, stop, getstate or getid");
        }
        String name = op.get(0);
        boolean stopMode = name.equals("stop") || name.equals("start");
        if (op.size() > (stopMode ? 2 : 1)
                || op.size() == 2 && !List.of("soft", "hard", "trysoft").contains(op.get(1))) {
            throw usage(name + " takes " + (stopMode ? "an optional mode: soft, hard or trysoft" : "no operand"));
        }
        switch (name) {
        case "start":
            vms.start(file);
            return "start() = 1";
        case "stop":
            vms.stop(file);
            return "stop() = 1";
        case "getstate":
            return "getstate() = " + vms.state(file).state().word();
        case "getid":
            VmInfo vm = vms.state(file);
            if (vm.state() != VmState.ON) {
                throw new CommandFailure(NAME, Errno.EINVAL, files.display(file) + ": the virtual machine is not"
                        + " running (getstate() = off); it has a VM ID only while it runs");
            }
            return "getid() = " + vm.id();
        default:
            throw usage("unknown operation " + name + "; the operations are start, stop, getstate and getid");
        }
    }

    private Path file(CommandSession session, String typed) {
        return files.defaultFileSystemPath(session, NAME, typed);
    }

    private static CommandFailure usage(String problem) {
        return new CommandFailure(NAME, Errno.EINVAL, problem + "\n" + USAGE);
    }
}
