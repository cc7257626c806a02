package org.dlkm.kernel.spi;

/**
 * The names that make a jar a dlkm module: the manifest headers the kernel reads, where it finds the master file,
 * and the extender capability the kernel runtime provides and every module requires. A module built with bnd gets
 * the headers and the requirement from {@link ModuleWrapper}; a tool that writes module jars some other way uses
 * these names.
 *
 * <p>Every field is a compile-time constant, copied into the classes that use it: changing a value is an
 * incompatible change of the module contract, whatever version this package says.
 *
 * <p>Threading: constants only, no state.
 */
public final class ModuleConstants {

    /**
     * The manifest header naming the module wrapper: a public class with a public no-argument constructor,
     * implementing {@link KernelModule}. A jar without it is not a module.
     */
    public static final String MODULE_CLASS_HEADER = "DLKM-Module-Class";

    /**
     * The manifest header declaring the module's parameters, read without loading the module:
     * {@code name;type=int|long|bool|string;min=N;max=N;default=V;description="..."}, clauses separated by commas,
     * listed in the order {@code vmkload_mod -s} prints them. Optional.
     */
    public static final String PARAMETERS_HEADER = "DLKM-Parameters";

    /** The manifest header naming where the jar carries its master file; its value is {@link #MASTER_ENTRY}. */
    public static final String MASTER_HEADER = "DLKM-Master";

    /** The jar entry holding the module's master file (HP-UX master(4) format). A jar without it is not a module. */
    public static final String MASTER_ENTRY = "META-INF/dlkm/master";

    /**
     * The name of the extender capability ({@code osgi.extender} namespace) the kernel runtime provides: a module
     * requires it, so that it resolves only where a kernel can load it.
     */
    public static final String EXTENDER_NAME = "dlkm.module";

    /**
     * The version of the module contract the kernel runtime provides as its extender capability. A module requires
     * this version up to, not including, the next major version.
     */
    public static final String EXTENDER_VERSION = "1.0.0";

    private ModuleConstants() {
    }
}
