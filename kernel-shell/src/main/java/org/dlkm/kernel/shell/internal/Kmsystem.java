package org.dlkm.kernel.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.UnusableModule;
import org.dlkm.kernel.config.KernelConfiguration;

/**
 * {@code kmsystem}: sets and prints the {@code $CONFIGURE} and {@code $LOADABLE} flags of modules' system files.
 * {@code -c Y|N} and {@code -l Y|N} (together or alone) set them for one module, {@code -q} prints one module,
 * {@code -S} or no option prints every module; a {@code -} stands for the loadable flag of a static-only module, and
 * a module whose files are registered but broken gets a line naming the file and why. {@code -S system_file}, the
 * seed's step 3, prints the modules of that kernel build (those its system file configures statically as
 * {@code Y N}, the others with their own flags) and, with {@code -c Y|N name}, adds or removes one.
 *
 * <p>Plain {@code kmsystem}, {@code -S} alone and {@code -q} show the planned kernel's view: a module that
 * {@code stand/system} configures statically (or the system file a pending {@code kmupdate} makes {@code stand/system}
 * at the next shutdown) shows {@code Y N}, as it runs. Setting {@code -l Y} or {@code -c N} on such a module also
 * takes it out of {@code stand/system}'s {@code $STATIC}, so that the flags set are the flags shown: the module's
 * system file is written first, then {@code stand/system} (a kill between the two leaves the module named there
 * still; the same command again completes it).
 * Stateless; safe from any thread.
 */
final class Kmsystem {
    static final String NAME = "kmsystem";
    /** The kernel's system file, as the shell names it. */
    static final String KERNEL_SYSTEM = "/stand/system";
    static final String USAGE = String.join("\n",
            "Usage: kmsystem [-c Y|N] [-l Y|N] module_name   set the configure and loadable flags",
            "       kmsystem -q module_name                  print one module's flags",
            "       kmsystem [-S]                            print every module's flags",
            "       kmsystem -S system_file [-c Y|N module_name]",
            "                                                print, or change, the modules that kernel build's",
            "                                                system file configures statically");

    private final ModuleCatalog catalog;
    private final KernelConfiguration configuration;

    Kmsystem(ModuleCatalog catalog, KernelConfiguration configuration) {
        this.catalog = catalog;
        this.configuration = configuration;
    }

    String run(String... args) {
        return run(Path::of, args);
    }

    /** @param files resolves a typed path as the shell does */
    String run(Function<String, Path> files, String... args) {
        String systemFile = null;
        Boolean configure = null;
        Boolean loadable = null;
        String query = null;
        String module = null;
        boolean all = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
            case "-c":
                configure = flag(args, ++i, a);
                break;
            case "-l":
                loadable = flag(args, ++i, a);
                break;
            case "-q":
                if (i + 1 >= args.length) {
                    throw usage("-q needs a module_name");
                }
                query = args[++i];
                break;
            case "-S":
                all = true;
                if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    systemFile = args[++i];
                }
                break;
            case "-h": case "--help":
                return USAGE;
            default:
                if (a.startsWith("-")) {
                    throw usage("unknown option '" + a + "'");
                }
                if (module != null) {
                    throw usage("one module_name at a time");
                }
                module = a;
            }
        }
        try {
            if (systemFile != null) {
                return build(files.apply(systemFile), configure, loadable, query, module);
            }
            if (configure != null || loadable != null) {
                if (module == null) {
                    throw usage("-c and -l need a module_name");
                }
                CatalogEntry e = null;
                if (configure != null) {
                    e = catalog.setConfigure(module, configure);
                }
                if (loadable != null) {
                    e = catalog.setLoadable(module, loadable);
                }
                List<String> planned = plannedStatic();
                if (planned.contains(module) && (Boolean.TRUE.equals(loadable) || Boolean.FALSE.equals(configure))) {
                    planned = configuration.configureStatic(files.apply(KERNEL_SYSTEM), module, false);
                }
                return table(overlay(List.of(e), planned), List.of());
            }
            if (query != null) {
                return table(overlay(List.of(entry(query)), plannedStatic()), List.of());
            }
            if (module != null) {
                throw usage("nothing to set for " + module + ": give -c Y|N and/or -l Y|N, or -q to query");
            }
            return table(overlay(catalog.entries(), plannedStatic()), catalog.unusable());
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    /** {@code -S system_file}: the modules a build's system file configures statically. */
    private String build(Path file, Boolean configure, Boolean loadable, String query, String module)
            throws KernelException {
        if (loadable != null || query != null) {
            throw usage("with -S system_file only -c Y|N module_name applies: a module named in a system file is"
                    + " configured statically into that kernel");
        }
        List<String> selected;
        if (configure != null) {
            if (module == null) {
                throw usage("-c needs a module_name");
            }
            selected = configuration.configureStatic(file, module, configure);
        } else if (module != null) {
            throw usage("nothing to set for " + module + ": give -c Y|N");
        } else {
            selected = configuration.staticModules(file);
        }
        return table(overlay(catalog.entries(), selected), catalog.unusable());
    }

    /** @return the modules the planned kernel's system file configures statically; none without the service */
    private List<String> plannedStatic() {
        return configuration == null ? List.of() : configuration.plannedStaticModules();
    }

    /** @return the entries, those a kernel system file configures statically shown {@code Y N} */
    private static List<CatalogEntry> overlay(List<CatalogEntry> entries, List<String> selected) {
        List<CatalogEntry> rows = new ArrayList<>();
        for (CatalogEntry e : entries) {
            rows.add(selected.contains(e.name()) ? new CatalogEntry(e.name(), e.type(), e.typeLabel(),
                    e.description(), e.imagePath(), e.masterPath(), e.systemPath(), e.loadableModule(), true,
                    Optional.of(false), e.dependencies(), e.blockMajor(), e.charMajor(), e.loadedId(), e.driverNames(),
                    e.pciIds()) : e);
        }
        return rows;
    }

    private static boolean flag(String[] args, int i, String option) {
        if (i >= args.length) {
            throw usage(option + " needs Y or N");
        }
        switch (args[i]) {
        case "Y": case "y":
            return true;
        case "N": case "n":
            return false;
        default:
            throw usage(option + " takes Y or N, not '" + args[i] + "'");
        }
    }

    private static CommandFailure usage(String problem) {
        return new CommandFailure(NAME, Errno.EINVAL, problem + "\n" + USAGE);
    }

    private CatalogEntry entry(String name) throws KernelException {
        Optional<CatalogEntry> e = catalog.entry(name);
        if (e.isPresent()) {
            return e.get();
        }
        Optional<UnusableModule> broken = catalog.unusable(name);
        if (broken.isPresent()) {
            throw broken.get().refusal();
        }
        throw new KernelException(Errno.ENOENT, name + ": no such module is registered");
    }

    /** The flags of each module, then a line for each module whose files are registered but broken. */
    private static String table(List<CatalogEntry> entries, List<UnusableModule> unusable) {
        StringBuilder sb = new StringBuilder(String.format("%-15s %-12s %s", "Module", "Configured", "Loadable"));
        sb.append('\n').append("=".repeat(36));
        for (CatalogEntry e : entries) {
            sb.append('\n').append(String.format("%-15s %-12s %s", e.name(), e.configure() ? "Y" : "N",
                    e.loadable().map(l -> l ? "Y" : "N").orElse("-")));
        }
        for (UnusableModule u : unusable) {
            sb.append('\n').append(u.summary());
        }
        return sb.toString();
    }
}
