package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.shell.internal.paths.SeedRoots;
import org.dlkm.kernel.vm.VmInfo;
import org.dlkm.kernel.shell.internal.Choices.Choice;

/**
 * The words Tab offers for a dlkm command's argument, read from the command line as the command will read it: the
 * registered modules where a module is to be loaded ({@code kmadmin -L}, {@code kmsystem}, {@code vmkload_mod
 * <module-binary>}), the loaded ones where one is to be unloaded ({@code kmadmin -U}, {@code vmkload_mod -u}), module
 * IDs for {@code kmadmin -u} and {@code -q}, device names for {@code vmkdev}, the service console's adapters for
 * {@code vmkload_mod -d}, a module's parameters after its tag, the virtual machines' files and operations for
 * {@code vmware-cmd} and their VM IDs for {@code vmxmit}, proc paths under {@code /proc} and host paths where a
 * file goes. Options themselves are offered by the shell, from {@link CommandGuide}.
 *
 * <p>Stateless apart from the kernel's services, which it only reads; safe from any thread.
 */
final class ArgumentCompletion {
    private static final String PROC = "/proc";

    private final KernelService kernel;
    private final ModuleCatalog catalog;
    private final DeviceService devices;
    private final ProcTree proc;
    private final Machines machines;

    /** The virtual machines as completion offers them. */
    interface Machines {
        /** No machine registered or running. */
        Machines NONE = new Machines() {
            @Override
            public List<String> registered() {
                return List.of();
            }

            @Override
            public List<VmInfo> running() {
                return List.of();
            }
        };

        /** @return the registered configuration files, as the shell shows them ({@code /vmfs/vm1/vm1.vmx}) */
        List<String> registered();

        /** @return the running machines */
        List<VmInfo> running();
    }

    ArgumentCompletion(KernelService kernel, ModuleCatalog catalog, DeviceService devices, ProcTree proc) {
        this(kernel, catalog, devices, proc, Machines.NONE);
    }

    ArgumentCompletion(KernelService kernel, ModuleCatalog catalog, DeviceService devices, ProcTree proc,
            Machines machines) {
        this.kernel = kernel;
        this.catalog = catalog;
        this.devices = devices;
        this.proc = proc;
        this.machines = machines;
    }

    /**
     * @param words the command line's words, the command first (by its name, scoped name or absolute path)
     * @param index which word Tab completes; it may be one past the last, an empty word
     * @return what may go there; {@link Choices#NONE} for a command the guide does not know
     */
    Choices complete(List<String> words, int index) {
        if (words.isEmpty() || index < 1) {
            return Choices.NONE;
        }
        String word = index < words.size() ? words.get(index) : "";
        List<String> before = words.subList(1, Math.min(index, words.size()));
        String previous = before.isEmpty() ? "" : before.get(before.size() - 1);
        return switch (CommandGuide.canonicalName(words.get(0))) {
            case VmkloadMod.NAME -> vmkloadMod(before, previous, word);
            case Kmadmin.NAME -> kmadmin(before);
            case Kmsystem.NAME -> kmsystem(before, previous);
            case Kminstall.NAME -> previous.equals("-d") ? Choices.of(registered())
                    : previous.equals("-a") || previous.equals("-u") ? Choices.HOST_PATHS : Choices.NONE;
            case "vmkdev" -> vmkdev(before);
            case Hotplug.NAME -> hotplug(before);
            case "ls", "cat", "cd", "cp", "rm", "mkdir" -> paths(word);
            case VmwareCmd.NAME -> vmwareCmd(before, word);
            case Vmxmit.NAME -> before.isEmpty() ? Choices.of(machines.running().stream()
                    .map(vm -> Choice.word(Integer.toString(vm.id()), vm.holder() + " (" + vm.displayName() + "), "
                            + String.join(", ", vm.devices()))).toList()) : Choices.NONE;
            case Shutdown.SHUTDOWN -> Choices.of(List.of(Choice.word("now", "at once, the only grace period")));
            case "help" -> Choices.of(CommandGuide.commands().stream()
                    .map(c -> Choice.word(c.name(), c.summary())).toList());
            default -> Choices.NONE;
        };
    }

    /** Options first, then {@code <module-binary> <module-tag> <parameters>}, as the manual writes it. */
    private Choices vmkloadMod(List<String> before, String previous, String word) {
        if (previous.equals("-u") || previous.equals("--unload")) {
            return Choices.of(loaded());
        }
        if (previous.equals("-d") || previous.equals("--device")) {
            return Choices.of(consoleAdapters());
        }
        List<String> operands = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < before.size(); i++) {
            String w = before.get(i);
            if (!optionsEnded && w.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && w.startsWith("-") && w.length() > 1) {
                if (w.equals("-u") || w.equals("--unload") || w.equals("-d") || w.equals("--device")) {
                    i++;
                }
            } else {
                optionsEnded = true;
                operands.add(w);
            }
        }
        if (operands.isEmpty()) {
            List<Choice> binaries = new ArrayList<>(registered());
            Set<String> named = new TreeSet<>(binaries.stream().map(Choice::value).toList());
            kernel.availableModules().stream().filter(named::add)
                    .forEach(name -> binaries.add(Choice.word(name, "in the module directory")));
            return new Choices(binaries, word.contains("/"));
        }
        return operands.size() >= 2 ? parameters(operands.get(0)) : Choices.NONE;
    }

    /** The action letter decides: {@code -L} loads a registered module, {@code -U} unloads a loaded one. */
    private Choices kmadmin(List<String> before) {
        char action = 0;
        for (String w : before) {
            if (w.startsWith("-") && !w.startsWith("--")) {
                for (char c : w.substring(1).toCharArray()) {
                    action = "LUuQq".indexOf(c) >= 0 ? c : action;
                }
            }
        }
        if (!operands(before).isEmpty()) {
            return Choices.NONE;
        }
        return switch (action) {
            case 'L' -> Choices.of(registered().stream().filter(c -> kernel.query(c.value()).isEmpty()).toList());
            case 'U' -> Choices.of(loaded());
            case 'u', 'q' -> Choices.of(kernel.list().stream()
                    .map(m -> Choice.word(Integer.toString(m.id()), m.name())).toList());
            case 'Q' -> {
                Map<String, Choice> modules = new LinkedHashMap<>();
                loaded().forEach(c -> modules.put(c.value(), c));
                registered().forEach(c -> modules.putIfAbsent(c.value(), c));
                yield Choices.of(List.copyOf(modules.values()));
            }
            default -> Choices.NONE;
        };
    }

    /** {@code -c} and {@code -l} take Y or N, then comes the one module, which {@code -q} takes too. */
    private Choices kmsystem(List<String> before, String previous) {
        if (previous.equals("-c") || previous.equals("-l")) {
            return Choices.of(List.of(Choice.word("Y", "yes"), Choice.word("N", "no")));
        }
        for (int i = 0; i < before.size(); i++) {
            String w = before.get(i);
            if (w.equals("-c") || w.equals("-l") || w.equals("-q")) {
                i++;
            } else if (!w.startsWith("-")) {
                return Choices.NONE;
            }
        }
        return Choices.of(registered());
    }

    /** {@code vmkdev -o NAME HOLDER}, {@code vmkdev -c NAME HOLDER}: the devices, then who holds the one named. */
    private Choices vmkdev(List<String> before) {
        if (before.isEmpty() || !(before.get(0).equals("-o") || before.get(0).equals("-c"))) {
            return Choices.NONE;
        }
        if (before.size() == 1) {
            return Choices.of(devices.devices().stream().map(d -> Choice.word(d.name(), describe(d))).toList());
        }
        if (before.size() == 2 && before.get(0).equals("-c")) {
            return Choices.of(devices.device(before.get(1)).map(DeviceInfo::holders).orElse(List.of()).stream()
                    .map(holder -> Choice.word(holder, "holds " + before.get(1) + " open")).toList());
        }
        return Choices.NONE;
    }

    /**
     * {@code vmware-cmd -s register FILE}, {@code -s unregister FILE}, {@code FILE start|stop|getstate|getid}: the
     * registered machines' files, the files under {@code /vmfs} to register, the operations on a machine.
     */
    private Choices vmwareCmd(List<String> before, String word) {
        List<Choice> registered = machines.registered().stream()
                .map(file -> Choice.word(file, "a registered virtual machine")).toList();
        if (before.isEmpty()) {
            return Choices.of(registered);
        }
        if (before.size() == 1 && before.get(0).equals("-s")) {
            return Choices.of(List.of(Choice.word("register", "add a configuration file to the list"),
                    Choice.word("unregister", "take one off the list (the file stays)")));
        }
        if (before.size() == 2 && before.get(0).equals("-s")) {
            return before.get(1).equals("register") ? paths(word)
                    : before.get(1).equals("unregister") ? Choices.of(registered) : Choices.NONE;
        }
        if (before.size() == 1 && !before.get(0).startsWith("-")) {
            return Choices.of(List.of(Choice.word("start", "power it on: its VM ID, its devices held"),
                    Choice.word("stop", "power it off: its filters destroyed, its devices closed"),
                    Choice.word("getstate", "on or off"), Choice.word("getid", "its VM ID while it runs")));
        }
        return Choices.NONE;
    }

    /** {@code hotplug add BUS:SLOT VENDOR:DEVICE [OWNER]}, {@code hotplug remove BUS:SLOT}: the cards to remove. */
    private Choices hotplug(List<String> before) {
        if (before.isEmpty()) {
            return Choices.of(List.of(Choice.word("add", "insert a card"), Choice.word("remove", "remove a card")));
        }
        if (before.size() == 1 && before.get(0).equals("remove")) {
            return Choices.of(devices.pciDevices().stream().map(d -> Choice.word(d.address().toString(),
                    String.format("%04x:%04x %s", d.vendorId(), d.deviceId(), d.description()))).toList());
        }
        if (before.size() == 3 && before.get(0).equals("add")) {
            return Choices.of(List.of(Choice.word("vmkernel", "the VMkernel's alone (the default)"),
                    Choice.word("console", "the service console's"),
                    Choice.word("shared", "the VMkernel's, seen by the service console too")));
        }
        return Choices.NONE;
    }

    /** Under {@code /proc}, the kernel's entries, a directory at a time; elsewhere, the host's paths. */
    private Choices paths(String word) {
        if (!word.startsWith(PROC + "/")) {
            List<Choice> roots = new ArrayList<>();
            boolean procFits = !word.isEmpty() && PROC.startsWith(word) || word.equals(PROC);
            if (procFits) {
                roots.add(new Choice(PROC + "/", "proc/", "the kernel's proc tree", false));
            }
            // the seeds' roots lead into the kernel home, where the host has no such directory to complete
            for (String seed : SeedRoots.seeds()) {
                if (word.startsWith("/") && (seed + "/").startsWith(word) && !(seed + "/").equals(word)) {
                    roots.add(new Choice(seed + "/", seed.substring(seed.lastIndexOf('/') + 1) + "/",
                            "the kernel home's " + seed, false));
                }
            }
            return new Choices(roots, true);
        }
        String directory = word.substring(0, word.lastIndexOf('/'));
        List<String> names;
        try {
            names = proc.list(directory);
        } catch (KernelException e) {
            return Choices.NONE;
        }
        return Choices.of(names.stream()
                .map(name -> name.endsWith("/") ? new Choice(directory + "/" + name, name, "directory", false)
                        : new Choice(directory + "/" + name, name, "proc entry", true)).toList());
    }

    /** The parameters a module declares, each as {@code name=}, to which its value is added. */
    private Choices parameters(String binary) {
        try {
            List<Choice> choices = new ArrayList<>();
            for (ParameterInfo p : kernel.parameters(binary)) {
                choices.add(new Choice(p.name() + "=", p.name() + "=", p.description(), false));
            }
            return Choices.of(choices);
        } catch (KernelException e) {
            return Choices.NONE;
        }
    }

    private List<Choice> registered() {
        List<Choice> choices = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            choices.add(Choice.word(e.name(), e.description()));
        }
        return choices;
    }

    private List<Choice> loaded() {
        List<Choice> choices = new ArrayList<>();
        for (ModuleInfo m : kernel.list()) {
            choices.add(Choice.word(m.name(), "loaded, ID " + m.id()));
        }
        return choices;
    }

    private List<Choice> consoleAdapters() {
        List<Choice> choices = new ArrayList<>();
        for (PciDevice d : devices.consoleVisibleDevices()) {
            choices.add(Choice.word(d.address().toString(), d.description()));
        }
        return choices;
    }

    private static String describe(DeviceInfo d) {
        return d.module() + (d.holders().isEmpty() ? "" : ", held by " + String.join(", ", d.holders()));
    }

    /** The words that are not options. */
    private static List<String> operands(List<String> words) {
        return words.stream().filter(w -> !w.startsWith("-")).toList();
    }
}
