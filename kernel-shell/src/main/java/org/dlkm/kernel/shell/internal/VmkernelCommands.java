package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.device.PciDevice;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The VMkernel's commands in the Gogo shell: {@code vmkload_mod}, {@code scanpci}, {@code vmkdev} and
 * {@code hotplug}. Each
 * returns the text to print and throws {@link CommandFailure} with an errno-style code for a refusal.
 *
 * <p>Threading: commands may run on several sessions at once; the handles opened with {@code vmkdev -o} are kept
 * in a map guarded by this component.
 */
@Component(service = VmkernelCommands.class, immediate = true, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=vmkload_mod",
        "osgi.command.function=scanpci",
        "osgi.command.function=vmkdev",
        "osgi.command.function=hotplug" })
@Descriptor("VMkernel module loader commands")
public final class VmkernelCommands {
    /** The usage {@code vmkdev} prints with a usage error, and {@code help vmkdev}. */
    static final String VMKDEV_USAGE = "usage: vmkdev (list), vmkdev -o NAME HOLDER (open), vmkdev -c NAME HOLDER"
            + " (close)";

    private final VmkloadMod vmkloadMod;
    private final Hotplug hotplug;
    private final DeviceService devices;
    private final ShellFiles files;
    private final Map<String, DeviceHandle> handles = new TreeMap<>();

    /** Creates the commands over the kernel's services. */
    @Activate
    public VmkernelCommands(@Reference KernelService kernel, @Reference DeviceService devices,
            @Reference ModuleCatalog catalog, @Reference ShellFiles files) {
        this.vmkloadMod = new VmkloadMod(kernel, catalog::unusable);
        this.files = files;
        this.devices = devices;
        this.hotplug = new Hotplug(devices);
    }

    /** Closes the handles the shell opened. */
    @Deactivate
    void deactivate() {
        synchronized (handles) {
            handles.values().forEach(DeviceHandle::close);
            handles.clear();
        }
    }

    /** {@code vmkload_mod}. */
    @Descriptor("load, unload and list VMkernel modules (vmkload_mod -h for the options)")
    public String vmkload_mod(CommandSession session,
            @Descriptor("options, module binary, tag and name=value parameters") String... args) {
        return vmkloadMod.run(jar -> files.hostFile(session, VmkloadMod.NAME, jar).toString(), args);
    }

    /** {@code scanpci}: the PCI devices the service console sees. */
    @Descriptor("list the PCI devices the service console sees (devices assigned to the VMkernel are hidden)")
    public String scanpci() {
        StringBuilder sb = new StringBuilder();
        for (PciDevice d : devices.consoleVisibleDevices()) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(String.format("pci bus 0x%04x cardnum 0x%02x function 0x%04x: vendor 0x%04x device 0x%04x\n %s",
                    d.address().bus(), d.address().slot(), d.address().function(), d.vendorId(), d.deviceId(),
                    d.description()));
        }
        return sb.toString();
    }

    /** {@code vmkdev}: list devices, or open and close a handle on one as a virtual machine would. */
    @Descriptor("list VMkernel devices; -o NAME HOLDER opens one, -c NAME HOLDER closes it")
    public String vmkdev(@Descriptor("[-o|-c NAME HOLDER]") String... args) {
        if (args.length == 0) {
            return listDevices();
        }
        if (args.length != 3 || !(args[0].equals("-o") || args[0].equals("-c"))) {
            throw new CommandFailure("vmkdev", Errno.EINVAL, VMKDEV_USAGE);
        }
        String key = args[1] + " " + args[2];
        synchronized (handles) {
            if (args[0].equals("-o")) {
                // a handle the kernel closed meanwhile (its module withdrawn) no longer counts
                handles.values().removeIf(h -> !devices.handles().contains(h));
                if (handles.containsKey(key)) {
                    throw new CommandFailure("vmkdev", Errno.EEXIST, args[2] + " already holds " + args[1] + " open");
                }
                try {
                    handles.put(key, devices.open(args[1], args[2]));
                } catch (KernelException e) {
                    throw new CommandFailure("vmkdev", e);
                }
                return "Opened " + args[1] + " for " + args[2];
            }
            DeviceHandle h = handles.remove(key);
            if (h == null) {
                throw new CommandFailure("vmkdev", Errno.ENOENT, args[2] + " holds no handle on " + args[1]
                        + " opened from this shell");
            }
            h.close();
            return "Closed " + args[1] + " for " + args[2];
        }
    }

    /** {@code hotplug}: insert a card into the PCI bus, or remove one. */
    @Descriptor("insert a card into the PCI bus (add BUS:SLOT VENDOR:DEVICE [vmkernel|console|shared]) or remove one"
            + " (remove BUS:SLOT)")
    public String hotplug(@Descriptor("add BUS:SLOT VENDOR:DEVICE [OWNER], or remove BUS:SLOT") String... args) {
        return hotplug.run(args);
    }

    private String listDevices() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-8s %-5s %-8s %-6s %s", "Name", "Kind", "Module", "PCI", "Holders"));
        for (DeviceInfo d : devices.devices()) {
            lines.add(String.format("%-8s %-5s %-8s %-6s %s", d.name(), d.kind().procDirectory(), d.module(),
                    d.pciAddress(), String.join(", ", d.holders())).stripTrailing());
        }
        return String.join("\n", lines);
    }
}
