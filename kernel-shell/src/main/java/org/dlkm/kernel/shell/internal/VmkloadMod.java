package org.dlkm.kernel.shell.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.LoadResult;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.UnloadResult;
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

    /** The options, as getopt reads them: {@code -u} and {@code -d} take an argument. */
    static final String OPTIONS = "lvesu:d:h";
    static final Map<String, Character> LONG_OPTIONS = Map.of("list", 'l', "verbose", 'v', "exportsym", 'e',
            "showparam", 's', "unload", 'u', "device", 'd', "help", 'h');
    private static final Map<Character, String> ARGUMENT_NAMES = Map.of('u', "a <module-binary>", 'd', "a <bus:slot>");

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
        return run(UnaryOperator.identity(), args);
    }

    /**
     * @param jars where a module jar's path as typed leads ({@code ./e100.jar} relative to the shell's current
     *     directory); module names and {@code .o} names are the module directory's and are not given to it
     * @param args the command line after the command name
     * @return what to print, never null
     * @throws CommandFailure for a usage error or a kernel refusal
     */
    String run(UnaryOperator<String> jars, String... args) {
        Getopt.Parsed line;
        try {
            line = Getopt.parseOptionsFirst(OPTIONS, LONG_OPTIONS, ARGUMENT_NAMES, args);
        } catch (Getopt.BadOption e) {
            // -l lists whatever else the line holds, as the manual says
            if (List.of(args).contains("-l") || List.of(args).contains("--list")) {
                return list();
            }
            throw usage(e.getMessage());
        }
        if (line.has('l')) {
            return list();
        }
        if (line.has('h')) {
            return USAGE;
        }
        String unload = line.last('u').orElse(null);
        boolean verbose = line.has('v');
        boolean export = line.has('e');
        boolean showParams = line.has('s');
        List<String> devices = line.all('d');
        List<String> operands = line.operands();
        try {
            if (unload != null) {
                ModuleInfo m = kernel.query(unload).orElse(null);
                UnloadResult result = kernel.unload(unload);
                return (m == null ? "" : "Unloaded module " + m.name() + " (ID " + m.id() + ")")
                        + interruptedThreads(result);
            }
            if (showParams) {
                if (operands.isEmpty()) {
                    throw usage("-s needs a <module-binary>");
                }
                return showParams(binary(jars, operands.get(0)));
            }
            if (operands.size() < 2) {
                throw usage(operands.isEmpty() ? "a <module-binary> and a <module-tag> are required"
                        : "a <module-tag> is required after " + operands.get(0));
            }
            LoadRequest.Builder request = LoadRequest.builder(binary(jars, operands.get(0))).tag(operands.get(1))
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

    /** @return a module jar's path as the shell resolves it; any other binary as typed */
    private static String binary(UnaryOperator<String> jars, String typed) {
        return typed.trim().endsWith(".jar") ? jars.apply(typed.trim()) : typed;
    }

    /**
     * @return the line naming the threads the unload had to interrupt, after a line break; empty if there were none
     */
    static String interruptedThreads(UnloadResult result) {
        return result.interruptedThreads().isEmpty() ? "" : "\nInterrupted threads still running at unload: "
                + String.join(", ", result.interruptedThreads());
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
