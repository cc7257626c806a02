package org.dlkm.kernel.shell.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;

/**
 * {@code kminstall}: adds ({@code -a}), updates ({@code -u}) and deletes ({@code -d}) a module's component files
 * in the kernel home. Stateless; safe from any thread.
 */
final class Kminstall {
    static final String NAME = "kminstall";
    static final String USAGE = String.join("\n",
            "Usage: kminstall -a module_jar    add a module: its image, master file and a default system file",
            "       kminstall -u module_jar    replace a registered module's image and master file",
            "       kminstall -d module_name   delete a module's files (not while it is loaded)");

    /** The options, as getopt reads them: each but {@code -h} takes an argument. */
    static final String OPTIONS = "a:u:d:h";

    private final ModuleCatalog catalog;

    Kminstall(ModuleCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param files where a typed jar path leads, as the shell resolves it
     * @param args the command line after the command name
     */
    String run(Function<String, Path> files, String... args) {
        Getopt.Parsed line;
        try {
            line = Getopt.parse(OPTIONS, Map.of("help", 'h'), Map.of('a', "a jar", 'u', "a jar", 'd', "a name"),
                    args);
        } catch (Getopt.BadOption e) {
            throw usage(e.getMessage());
        }
        if (line.has('h')) {
            return USAGE;
        }
        if (line.options().size() != 1 || !line.operands().isEmpty()) {
            throw usage(line.options().isEmpty() ? "an option and its operand are required"
                    : "one option and one operand");
        }
        Getopt.Option option = line.options().get(0);
        try {
            switch (option.letter()) {
            case 'a':
                return added("added", catalog.install(files.apply(option.argument())));
            case 'u':
                return added("updated", catalog.update(files.apply(option.argument())));
            default:
                catalog.remove(option.argument());
                return "Module " + option.argument() + " deleted";
            }
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    private static String added(String what, CatalogEntry e) {
        return "Module " + e.name() + " " + what + ": image " + e.imagePath() + ", master " + e.masterPath()
                + ", system " + e.systemPath();
    }

    private static CommandFailure usage(String problem) {
        return new CommandFailure(NAME, Errno.EINVAL, problem + "\n" + USAGE);
    }
}
