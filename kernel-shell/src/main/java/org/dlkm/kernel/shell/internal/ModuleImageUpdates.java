package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.ModuleImages;

/**
 * The second forms of HP-UX's {@code config} and {@code kmupdate}, on a module's loadable image:
 * {@code config -M module_name [-M module_name]... [-u]} configures each module's image for the running kernel
 * ({@code -u} then runs {@code kmupdate -M} on them), and {@code kmupdate -M module_name [-M module_name]... [-i | -a]}
 * moves each configured image into place: at once ({@code -i}: a loaded module is reloaded on it), at shutdown
 * ({@code -a}), or, with neither, at once if the module can be unloaded and at shutdown otherwise. Stateless; safe
 * from any thread.
 */
final class ModuleImageUpdates {
    private final ModuleImages images;

    ModuleImageUpdates(ModuleImages images) {
        this.images = images;
    }

    /** {@code config -M ...}. */
    String config(String... args) {
        Getopt.Parsed line = parse("config", "M:uh", KernelBuild.CONFIG_USAGE, args);
        if (line.has('h')) {
            return KernelBuild.CONFIG_USAGE;
        }
        List<String> modules = modules("config", KernelBuild.CONFIG_USAGE, line);
        List<String> out = new ArrayList<>();
        for (String module : modules) {
            try {
                out.add(images.configure(module));
            } catch (KernelException e) {
                throw new CommandFailure("config", e);
            }
        }
        if (line.has('u')) {
            out.add(update(modules, ModuleImages.When.NOW_OR_AT_SHUTDOWN));
        }
        return String.join("\n", out);
    }

    /** {@code kmupdate -M ...}. */
    String kmupdate(String... args) {
        Getopt.Parsed line = parse("kmupdate", "M:iah", KernelBuild.KMUPDATE_USAGE, args);
        if (line.has('h')) {
            return KernelBuild.KMUPDATE_USAGE;
        }
        List<String> modules = modules("kmupdate", KernelBuild.KMUPDATE_USAGE, line);
        if (line.has('i') && line.has('a')) {
            throw usage("kmupdate", KernelBuild.KMUPDATE_USAGE, "-i (at once) and -a (at shutdown) exclude each other");
        }
        ModuleImages.When when = line.has('i') ? ModuleImages.When.NOW
                : line.has('a') ? ModuleImages.When.AT_SHUTDOWN : ModuleImages.When.NOW_OR_AT_SHUTDOWN;
        return update(modules, when);
    }

    private String update(List<String> modules, ModuleImages.When when) {
        List<String> out = new ArrayList<>();
        for (String module : modules) {
            try {
                out.add(images.update(module, when).message());
            } catch (KernelException e) {
                if (!out.isEmpty()) {
                    throw new CommandFailure("kmupdate", Errno.find(e.number()).orElse(Errno.EIO),
                            String.join("\n", out) + "\n" + e.getMessage());
                }
                throw new CommandFailure("kmupdate", e);
            }
        }
        return String.join("\n", out);
    }

    private static Getopt.Parsed parse(String command, String options, String usage, String... args) {
        try {
            return Getopt.parse(options, Map.of("help", 'h'), Map.of('M', "a module_name"), args);
        } catch (Getopt.BadOption e) {
            throw usage(command, usage, e.getMessage());
        }
    }

    private static List<String> modules(String command, String usage, Getopt.Parsed line) {
        List<String> modules = line.all('M');
        if (modules.isEmpty()) {
            throw usage(command, usage, "-M module_name is required");
        }
        if (!line.operands().isEmpty()) {
            throw usage(command, usage, "unexpected operand " + line.operands().get(0) + "; name each module with -M");
        }
        return modules;
    }

    private static CommandFailure usage(String command, String usage, String problem) {
        return new CommandFailure(command, Errno.EINVAL, problem + "\n" + usage);
    }
}
