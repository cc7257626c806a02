package org.dlkm.kernel.shell.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.config.KernelConfiguration;

/**
 * HP-UX's kernel build tools, as the seed's "Steps to Reconfigure the Kernel" types them: {@code system_prep},
 * {@code mk_kernel}, {@code config} (its first form) and {@code kmupdate} (its first form). Each parses its command
 * line as getopt does, asks the {@link KernelConfiguration} service, and returns the text to print, or throws
 * {@link CommandFailure}. The {@code -M} forms (module images) are {@link ModuleImageUpdates}'.
 *
 * <p>Stateless; safe from any thread.
 */
final class KernelBuild {
    static final String SYSTEM_PREP = "system_prep";
    static final String MK_KERNEL = "mk_kernel";
    static final String CONFIG = "config";
    static final String KMUPDATE = "kmupdate";
    /** Where {@code mk_kernel} reads and writes by default, as the shell names it. */
    static final String BUILD_SYSTEM = "/stand/build/system";
    static final String BUILT_KERNEL = "/stand/build/vmunix_test";

    static final String SYSTEM_PREP_USAGE = String.join("\n",
            "Usage: system_prep [-v] -s system_file",
            "       write a system file describing the running kernel: its static modules and tunables;",
            "       -v explains each step");
    static final String MK_KERNEL_USAGE = String.join("\n",
            "Usage: mk_kernel [-o pathname] [-s system_file] [-v]",
            "       build a kernel from a system file (default " + BUILD_SYSTEM + ") into pathname",
            "       (default " + BUILT_KERNEL + ", its module set beside it as dlkm.vmunix_test); -v explains");
    static final String CONFIG_USAGE = String.join("\n",
            "Usage: config [-u] system_file     build a kernel from the system file (mk_kernel); -u then kmupdate",
            "       config -M module_name [-M module_name]... [-u]",
            "                                   configure each module's loadable image for the running kernel;",
            "                                   -u then runs kmupdate -M on them");
    static final String KMUPDATE_USAGE = String.join("\n",
            "Usage: kmupdate [kernel_file]      at the next shutdown, make the built kernel (default",
            "                                   " + BUILT_KERNEL + ") /stand/vmunix; the current one",
            "                                   becomes /stand/vmunix.prev; the system file it was built from,",
            "                                   if not /stand/system, becomes /stand/system (the current one",
            "                                   /stand/system.prev)",
            "       kmupdate -M module_name [-M module_name]... [-i | -a]",
            "                                   move each module's configured image into place and register it:",
            "                                   -i at once (a loaded module is reloaded on it), -a at the next",
            "                                   shutdown, neither: at once if the module can be unloaded, else at",
            "                                   the next shutdown");

    private final KernelConfiguration configuration;
    private final ModuleImageUpdates images;

    /** @param images the {@code -M} forms, on module images */
    KernelBuild(KernelConfiguration configuration, ModuleImageUpdates images) {
        this.configuration = configuration;
        this.images = images;
    }

    String systemPrep(Function<String, Path> files, String... args) {
        Getopt.Parsed line = parse(SYSTEM_PREP, SYSTEM_PREP_USAGE, "vs:h", Map.of('s', "a system_file"), args);
        if (line.has('h')) {
            return SYSTEM_PREP_USAGE;
        }
        if (line.last('s').isEmpty() || !line.operands().isEmpty()) {
            throw usage(SYSTEM_PREP, SYSTEM_PREP_USAGE, line.last('s').isEmpty() ? "-s system_file is required"
                    : "unexpected operand '" + line.operands().get(0) + "'");
        }
        try {
            List<String> steps = configuration.describeRunningKernel(files.apply(line.last('s').get()));
            return line.has('v') ? String.join("\n", steps) : null;
        } catch (KernelException e) {
            throw new CommandFailure(SYSTEM_PREP, e);
        }
    }

    String mkKernel(Function<String, Path> files, String... args) {
        Getopt.Parsed line = parse(MK_KERNEL, MK_KERNEL_USAGE, "o:s:vh", Map.of('s', "a system_file", 'o',
                "a pathname"), args);
        if (line.has('h')) {
            return MK_KERNEL_USAGE;
        }
        if (!line.operands().isEmpty()) {
            throw usage(MK_KERNEL, MK_KERNEL_USAGE, "unexpected operand '" + line.operands().get(0) + "'");
        }
        return build(MK_KERNEL, files.apply(line.last('s').orElse(BUILD_SYSTEM)),
                files.apply(line.last('o').orElse(BUILT_KERNEL)), line.has('v'));
    }

    String config(Function<String, Path> files, String... args) {
        Getopt.Parsed line = parse(CONFIG, CONFIG_USAGE, "uM:h", Map.of('M', "a module_name"), args);
        if (line.has('h')) {
            return CONFIG_USAGE;
        }
        if (line.has('M')) {
            return images.config(args);
        }
        if (line.operands().size() != 1) {
            throw usage(CONFIG, CONFIG_USAGE, line.operands().isEmpty() ? "a system_file is required"
                    : "one system_file");
        }
        String built = build(CONFIG, files.apply(line.operands().get(0)), files.apply(BUILT_KERNEL), false);
        return line.has('u') ? built + "\n" + update(CONFIG, files.apply(BUILT_KERNEL)) : built;
    }

    String kmupdate(Function<String, Path> files, String... args) {
        Getopt.Parsed line = parse(KMUPDATE, KMUPDATE_USAGE, "M:iah", Map.of('M', "a module_name"), args);
        if (line.has('h')) {
            return KMUPDATE_USAGE;
        }
        if (line.has('M') || line.has('i') || line.has('a')) {
            return images.kmupdate(args);
        }
        if (line.operands().size() > 1) {
            throw usage(KMUPDATE, KMUPDATE_USAGE, "one kernel_file at most");
        }
        return update(KMUPDATE, files.apply(line.operands().isEmpty() ? BUILT_KERNEL : line.operands().get(0)));
    }

    private String build(String command, Path system, Path kernel, boolean verbose) {
        try {
            List<String> steps = configuration.build(system, kernel);
            if (verbose) {
                return String.join("\n", steps);
            }
            List<String> said = new java.util.ArrayList<>(steps.stream().filter(s -> s.startsWith("Cancelled"))
                    .toList());
            said.add(steps.get(steps.size() - 1));
            return String.join("\n", said);
        } catch (KernelException e) {
            throw new CommandFailure(command, e);
        }
    }

    private String update(String command, Path kernel) {
        try {
            return String.join("\n", configuration.update(kernel));
        } catch (KernelException e) {
            throw new CommandFailure(command, e);
        }
    }

    private static Getopt.Parsed parse(String command, String usage, String optstring, Map<Character, String> names,
            String... args) {
        try {
            return Getopt.parse(optstring, Map.of("help", 'h'), names, args);
        } catch (Getopt.BadOption e) {
            throw usage(command, usage, e.getMessage());
        }
    }

    private static CommandFailure usage(String command, String usage, String problem) {
        return new CommandFailure(command, Errno.EINVAL, problem + "\n" + usage);
    }
}
