package org.dlkm.kernel.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.dlkm.kernel.catalog.ModuleImages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code config} and {@code kmupdate} in the dlkm shell, in their module forms ({@code -M}); the kernel forms (a
 * system file, a built kernel) say that they are not available yet. Stateless.
 */
@Component(service = ModuleImageCommands.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=config",
        "osgi.command.function=kmupdate" })
@Descriptor("HP-UX module image updates")
public final class ModuleImageCommands {
    private final ModuleImageUpdates updates;

    /** Creates the commands over the kernel's module images. */
    @Activate
    public ModuleImageCommands(@Reference ModuleImages images) {
        this.updates = new ModuleImageUpdates(images);
    }

    /** {@code config}. */
    @Descriptor("configure a module's loadable image for the running kernel (config -M name [-u])")
    public String config(@Descriptor("-M module_name [-u]") String... args) {
        if (!ModuleImageUpdates.isModuleForm(args)) {
            throw new SeedCommandNames.Refusal("dlkm: config: not available yet for a system file (config -M"
                    + " module_name is)");
        }
        return updates.config(args);
    }

    /** {@code kmupdate}. */
    @Descriptor("move a module's configured image into place (kmupdate -M name [-i | -a])")
    public String kmupdate(@Descriptor("-M module_name [-i | -a]") String... args) {
        if (!ModuleImageUpdates.isModuleForm(args)) {
            throw new SeedCommandNames.Refusal("dlkm: kmupdate: not available yet for a kernel file (kmupdate -M"
                    + " module_name is)");
        }
        return updates.kmupdate(args);
    }
}
