package org.dlkm.kernel.shell.internal;

import java.nio.file.Path;

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

    private final ModuleCatalog catalog;

    Kminstall(ModuleCatalog catalog) {
        this.catalog = catalog;
    }

    String run(Path cwd, String... args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            return USAGE;
        }
        if (args.length != 2) {
            throw usage(args.length < 2 ? "an option and its operand are required" : "one option and one operand");
        }
        try {
            switch (args[0]) {
            case "-a":
                return added("added", catalog.install(resolve(cwd, args[1])));
            case "-u":
                return added("updated", catalog.update(resolve(cwd, args[1])));
            case "-d":
                catalog.remove(args[1]);
                return "Module " + args[1] + " deleted";
            default:
                throw usage("unknown option '" + args[0] + "'");
            }
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    private static Path resolve(Path cwd, String file) {
        Path p = Path.of(file);
        return p.isAbsolute() || cwd == null ? p : cwd.resolve(p);
    }

    private static String added(String what, CatalogEntry e) {
        return "Module " + e.name() + " " + what + ": image " + e.imagePath() + ", master " + e.masterPath()
                + ", system " + e.systemPath();
    }

    private static CommandFailure usage(String problem) {
        return new CommandFailure(NAME, Errno.EINVAL, problem + "\n" + USAGE);
    }
}
