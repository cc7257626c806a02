package org.dlkm.kernel.config;

import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's configurations, as HP-UX builds and installs them: a system file ({@code stand/system}, or a build's
 * {@code stand/build/system}) names the statically configured modules and carries the tunable lines; a kernel file
 * ({@code stand/vmunix}) is built from it by {@link #build} and installed for the next boot by {@link #update}.
 * Every write is crash-safe; a refusal changes nothing.
 *
 * <p>Threading: every method may be called from any thread; each takes the kernel's transition lock while it reads
 * the catalog.
 */
@ProviderType
public interface KernelConfiguration {

    /**
     * {@code system_prep}: writes a system file describing the running kernel: its statically configured modules and
     * its kernel tunables whose current values differ from their defaults (a formula kept where the running kernel's
     * line evaluates to the current value, else the number).
     *
     * @param file the system file to write
     * @return the steps taken, one line each, as {@code -v} prints them
     * @throws KernelException {@code EINVAL} if {@code stand/system} does not parse, {@code EIO} if the file cannot
     *         be written (it keeps its old content)
     */
    List<String> describeRunningKernel(Path file) throws KernelException;

    /**
     * @param systemFile a system file
     * @return the modules it configures statically, sorted by name
     * @throws KernelException {@code ENOENT} if it does not exist, {@code EINVAL} naming the line if it does not parse
     */
    List<String> staticModules(Path systemFile) throws KernelException;

    /**
     * The modules the planned kernel configures statically through its system file: {@code stand/system}'s, or, while
     * a {@code kmupdate} is pending that makes the system file a kernel was built from {@code stand/system} at the
     * next shutdown, that file's. Plain {@code kmsystem} shows these as {@code Y N}.
     *
     * @return the modules, sorted by name; none if the file is missing or does not parse
     * @since 1.1
     */
    List<String> plannedStaticModules();

    /**
     * {@code kmsystem -S file -c Y|N name}: adds a module to the modules a system file configures statically, or
     * removes it.
     *
     * @param systemFile the system file
     * @param module a registered module's name
     * @param configure whether the module is configured into that kernel
     * @return the modules the file configures statically afterwards, sorted
     * @throws KernelException {@code ENOENT} for a module not registered or a missing file, {@code EINVAL} if the
     *         file does not parse
     */
    List<String> configureStatic(Path systemFile, String module, boolean configure) throws KernelException;

    /**
     * {@code mk_kernel}: builds a kernel file and its module set from a system file and verifies it; the running
     * kernel does not change.
     *
     * @param systemFile the system file
     * @param kernelFile the kernel file to write; its module set is the directory {@code dlkm.<name>} beside it
     * @return what was done, one line each
     * @throws KernelException {@code ENOEXEC} (or the first error's code) with every error of the build, one per
     *         line, when the kernel cannot be built; nothing is then written
     */
    List<String> build(Path systemFile, Path kernelFile) throws KernelException;

    /**
     * {@code kmupdate}: makes a built kernel the next kernel: at the next shutdown it becomes {@code stand/vmunix},
     * and the current one {@code stand/vmunix.prev}; the system file it was built from, when that was not
     * {@code stand/system}, becomes {@code stand/system}, and the current one {@code stand/system.prev}.
     *
     * @param kernelFile the built kernel file, such as {@code stand/build/vmunix_test}
     * @return what will happen, one line each
     * @throws KernelException {@code ENOENT} if there is no such built kernel, {@code EINVAL} if it or its module set
     *         does not verify
     */
    List<String> update(Path kernelFile) throws KernelException;

}
