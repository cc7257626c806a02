package org.dlkm.kernel.shell.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.tune.TunableService;
import org.dlkm.kernel.config.KernelConfiguration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The HP-UX kernel configuration tools in the Gogo shell: {@code kmadmin}, {@code kmsystem}, {@code kminstall}
 * and {@code kmtune}. Each returns the text to print and throws {@link CommandFailure} with an errno-style code
 * for a refusal. Stateless.
 */
@Component(service = HpuxCommands.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=kmadmin",
        "osgi.command.function=kmsystem",
        "osgi.command.function=kminstall",
        "osgi.command.function=kmtune" })
@Descriptor("HP-UX DLKM commands")
public final class HpuxCommands {
    private final Kmadmin kmadmin;
    private final Kmsystem kmsystem;
    private final Kminstall kminstall;
    private final ShellFiles files;
    private final Kmtune kmtune;

    /** Creates the commands over the kernel's services and the shell's view of files. */
    @Activate
    public HpuxCommands(@Reference KernelService kernel, @Reference ModuleCatalog catalog,
            @Reference ShellFiles files, @Reference TunableService tunables,
            @Reference KernelConfiguration configuration, @Reference ModuleImages images) {
        this.files = files;
        this.kmadmin = new Kmadmin(kernel, catalog, images::pendingUpdate);
        this.kmsystem = new Kmsystem(catalog, configuration);
        this.kminstall = new Kminstall(catalog);
        this.kmtune = new Kmtune(tunables);
    }

    /** {@code kmadmin}. */
    @Descriptor("load, unload and query dynamically loadable kernel modules (kmadmin -h for the options)")
    public String kmadmin(@Descriptor("-L [-n] name | -U name | -u id | -S | -s | -k | -Q name | -q id") String... args) {
        return kmadmin.run(args);
    }

    /** {@code kmsystem}. */
    @Descriptor("set or print the configure and loadable flags of modules' system files")
    public String kmsystem(CommandSession session,
            @Descriptor("[-c Y|N] [-l Y|N] name | -q name | -S [system_file [-c Y|N name]]") String... args) {
        return kmsystem.run(file -> files.defaultFileSystemPath(session, Kmsystem.NAME, file), args);
    }

    /** {@code kmtune}. */
    @Descriptor("query, set or reset tunable system parameters (kmtune -h for the options)")
    public String kmtune(CommandSession session,
            @Descriptor("[-l] [-d] [-q name]... [-S file] | [-u] [-s name=value|name+value]... [-r name]... [-S file]")
            String... args) {
        return kmtune.run(file -> files.hostFile(session, Kmtune.NAME, file), args);
    }

    /** {@code kminstall}. */
    @Descriptor("add, update or delete a module's files in the kernel home")
    public String kminstall(CommandSession session, @Descriptor("-a jar | -u jar | -d name") String... args) {
        return kminstall.run(jar -> files.hostFile(session, Kminstall.NAME, jar), args);
    }
}
