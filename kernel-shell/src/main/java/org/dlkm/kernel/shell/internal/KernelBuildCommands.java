package org.dlkm.kernel.shell.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.config.KernelConfiguration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * HP-UX's kernel build tools in the Gogo shell: {@code system_prep}, {@code mk_kernel}, {@code config} and
 * {@code kmupdate}, in the {@code dlkm} scope (so that {@code config} is HP-UX's, not Felix SCR's {@code scr:config}).
 * File operands resolve as the shell resolves paths ({@code /stand} is the kernel home's). Stateless.
 */
@Component(service = KernelBuildCommands.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=" + KernelBuild.SYSTEM_PREP,
        "osgi.command.function=" + KernelBuild.MK_KERNEL,
        "osgi.command.function=" + KernelBuild.CONFIG,
        "osgi.command.function=" + KernelBuild.KMUPDATE })
@Descriptor("HP-UX kernel configuration: system_prep, mk_kernel, config, kmupdate")
public final class KernelBuildCommands {
    private final KernelBuild build;
    private final ShellFiles files;

    /** Creates the commands over the kernel's configurations and the shell's view of files. */
    @Activate
    public KernelBuildCommands(@Reference KernelConfiguration configuration, @Reference ModuleImages images,
            @Reference ShellFiles files) {
        this.build = new KernelBuild(configuration, new ModuleImageUpdates(images));
        this.files = files;
    }

    /** {@code system_prep}. */
    @Descriptor("write a system file describing the running kernel")
    public String system_prep(CommandSession session, @Descriptor("[-v] -s system_file") String... args) {
        return build.systemPrep(f -> files.defaultFileSystemPath(session, KernelBuild.SYSTEM_PREP, f), args);
    }

    /** {@code mk_kernel}. */
    @Descriptor("build a kernel from a system file; the running kernel does not change")
    public String mk_kernel(CommandSession session, @Descriptor("[-o pathname] [-s system_file] [-v]") String... args) {
        return build.mkKernel(f -> files.defaultFileSystemPath(session, KernelBuild.MK_KERNEL, f), args);
    }

    /** {@code config}. */
    @Descriptor("build a kernel from a system file (mk_kernel; -u then kmupdate), or configure a module's image (-M)")
    public String config(CommandSession session, @Descriptor("[-u] system_file | -M module_name [-u]") String... args) {
        return build.config(f -> files.defaultFileSystemPath(session, KernelBuild.CONFIG, f), args);
    }

    /** {@code kmupdate}. */
    @Descriptor("install a built kernel as /stand/vmunix at the next shutdown (the current one kept as vmunix.prev),"
            + " or move a module's configured image into place (-M)")
    public String kmupdate(CommandSession session, @Descriptor("[kernel_file] | -M module_name [-i | -a]")
            String... args) {
        return build.kmupdate(f -> files.defaultFileSystemPath(session, KernelBuild.KMUPDATE, f), args);
    }
}
