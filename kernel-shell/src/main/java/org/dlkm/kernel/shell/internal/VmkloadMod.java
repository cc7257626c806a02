package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.LoadResult;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.catalog.UnusableModule;

/**
 * {@code vmkload_mod <options> <module-binary> <module-tag> <parameters>}, as the ESX Server manual describes it.
 * Parses the command line and delegates to the kernel service. Stateless; safe from any thread.
 */
final class VmkloadMod {
    static final String NAME = "vmkload_mod";
    static final String USAGE = String.join("\n",
            "Usage: vmkload_mod <options> <module-binary> <module-tag> <parameters>",
            "  -l, --list                 list the loaded modules (other arguments are ignored)",
            "  -u, --unload <binary>      unload the module",
            "  -v, --verbose              report each step of the load",
            "  -d, --device <bus:slot>    claim and share a SCSI adapter the service console uses",
            "  -e, --exportsym            export the module's symbols to modules loaded later",
            "  -s, --showparam <binary>   list the parameters the module takes",
            "  -h, --help                 print this help",
            "<module-binary> is a module name (e100), e100.o, /usr/lib/vmware/vmkmod/e100.o, or a module jar;",
            "<module-tag> names its devices (vmnic gives vmnic0, vmnic1, ...); <parameters> are name=value pairs.");

    private final KernelService kernel;
    private final Supplier<List<UnusableModule>> unusable;

    VmkloadMod(KernelService kernel) {
        this(kernel, List::of);
    }

    /** @param unusable the modules whose files are registered but broken, which {@code -l} names after the table */
    VmkloadMod(KernelService kernel, Supplier<List<UnusableModule>> unusable) {
        this.kernel = kernel;
        this.unusable = unusable;
    }

    /**
     * @param args the command line after the command name
     * @return what to print, never null
     * @throws CommandFailure for a usage error or a kernel refusal
     */
    String run(String... args) {
        boolean list = false;
        boolean verbose = false;
        boolean export = false;
        boolean showParams = false;
        String unload = null;
        List<String> devices = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        String badOption = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!operands.isEmpty() || !a.startsWith("-") || a.equals("-")) {
                operands.add(a);
                continue;
            }
            switch (a) {
            case "-l": case "--list":
                list = true;
                break;
            case "-v": case "--verbose":
                verbose = true;
                break;
            case "-e": case "--exportsym":
                export = true;
                break;
            case "-s": case "--showparam":
                showParams = true;
                break;
            case "-h": case "--help":
                help = true;
                break;
            case "-u": case "--unload":
                if (i + 1 < args.length) {
                    unload = args[++i];
                } else {
                    badOption = a + " without a <module-binary>";
                }
                break;
            case "-d": case "--device":
                if (i + 1 < args.length) {
                    devices.add(args[++i]);
                } else {
                    badOption = a + " without a <bus:slot>";
                }
                break;
            case "--":
                for (int j = i + 1; j < args.length; j++) {
                    operands.add(args[j]);
                }
                i = args.length;
                break;
            default:
                if (badOption == null) {
                    badOption = a;
                }
            }
        }
        if (list) {
            return list();
        }
        if (help) {
            return USAGE;
        }
        if (badOption != null) {
            throw usage(badOption.contains(" ") ? badOption : "unknown option '" + badOption + "'");
        }
        try {
            if (unload != null) {
                ModuleInfo m = kernel.query(unload).orElse(null);
                kernel.unload(unload);
                return m == null ? "" : "Unloaded module " + m.name() + " (ID " + m.id() + ")";
            }
            if (showParams) {
                if (operands.isEmpty()) {
                    throw usage("-s needs a <module-binary>");
                }
                return showParams(operands.get(0));
            }
            if (operands.size() < 2) {
                throw usage(operands.isEmpty() ? "a <module-binary> and a <module-tag> are required"
                        : "a <module-tag> is required after " + operands.get(0));
            }
            LoadRequest.Builder request = LoadRequest.builder(operands.get(0)).tag(operands.get(1))
                    .exportSymbols(export).verbose(verbose);
            devices.forEach(request::sharedDevice);
            for (String p : operands.subList(2, operands.size())) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw usage("parameter '" + p + "' is not of the form name=value");
                }
                request.parameter(p.substring(0, eq), p.substring(eq + 1));
            }
            LoadResult result = kernel.load(request.build());
            StringBuilder out = new StringBuilder();
            if (verbose) {
                for (String step : result.steps()) {
                    out.append(NAME).append(": ").append(step).append('\n');
                }
            }
            ModuleInfo m = result.module();
            out.append("Loaded module ").append(m.name()).append(" (ID ").append(m.id()).append(", tag ")
                    .append(m.tag()).append(')');
            if (m.exportSymbols()) {
                out.append(", symbols exported");
            }
            if (!m.devices().isEmpty()) {
                out.append(": ").append(String.join(" ", m.devices()));
            }
            return out.toString();
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    private static CommandFailure usage(String problem) {
        return new CommandFailure(NAME, Errno.EINVAL, problem + "\n" + USAGE);
    }

    private String list() {
        List<ModuleInfo> modules = kernel.list();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-10s %3s %-8s %6s %8s %-4s %4s %5s %s", "Name", "ID", "Tag", "Bundle", "Size",
                "Exp", "Deps", "Holds", "Devices"));
        for (ModuleInfo m : modules) {
            sb.append('\n').append(String.format("%-10s %3d %-8s %6d %8d %-4s %4d %5d %s", m.name(), m.id(), m.tag(),
                    m.bundleId(), m.size(), m.exportSymbols() ? "yes" : "no", m.dependentCount(), m.holdCount(),
                    String.join(" ", m.devices())).stripTrailing());
        }
        for (UnusableModule u : unusable.get()) {
            sb.append('\n').append(u.summary());
        }
        return sb.toString();
    }

    private String showParams(String binary) throws KernelException {
        List<ParameterInfo> params = kernel.parameters(binary);
        String module = binary;
        int slash = module.lastIndexOf('/');
        module = slash >= 0 ? module.substring(slash + 1) : module;
        if (module.endsWith(".o")) {
            module = module.substring(0, module.length() - 2);
        }
        if (params.isEmpty()) {
            return module + " takes no parameters";
        }
        StringBuilder sb = new StringBuilder(module).append(" parameters:");
        for (ParameterInfo p : params) {
            String range = p.min().isPresent() || p.max().isPresent()
                    ? p.min().map(String::valueOf).orElse("") + "-" + p.max().map(String::valueOf).orElse("")
                    : "";
            sb.append('\n').append(String.format("  %-18s %-6s %-9s default %-6s %s", p.name(),
                    p.type().name().toLowerCase(), range, p.defaultValue(), p.description()).stripTrailing());
        }
        return sb.toString();
    }
}
