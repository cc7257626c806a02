package org.dlkm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.spi.ModuleConstants;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * A framework a benchmark uses for a whole trial, in a directory of its own: {@code felix-cache/} (the framework's
 * storage), {@code home/} (the kernel home) and {@code vmkmod/} (the module directory, holding copies of the shipped
 * modules the benchmark names). The dlkm side boots with the kernel runtime, the raw side without; both with the
 * same properties and infrastructure bundles, except that on the raw side the system bundle provides the kernel's
 * extender capability, which every shipped module requires and which there is no kernel runtime to provide.
 *
 * <p>Not thread-safe: set up, used and closed by one benchmark thread.
 */
public final class FrameworkFixture implements AutoCloseable {

    /** Prepares a kernel home before the framework boots. */
    @FunctionalInterface
    public interface HomePreparation {
        /** @param home the kernel home, empty */
        void prepare(Path home) throws IOException;
    }

    /** The capability the kernel runtime provides and every module requires ({@code ModuleWrapper}). */
    private static final String EXTENDER_CAPABILITY = "osgi.extender;osgi.extender=" + ModuleConstants.EXTENDER_NAME
            + ";version:Version=" + ModuleConstants.EXTENDER_VERSION;

    private final Path root;
    private final BenchFramework framework;

    private FrameworkFixture(Path root, BenchFramework framework) {
        this.root = root;
        this.framework = framework;
    }

    /**
     * Lays out a fixture directory: an empty kernel home and a module directory with copies of shipped modules.
     *
     * @param distribution where the shipped modules are
     * @param shippedModules the shipped modules to copy into the module directory
     * @return the directory
     */
    public static Path layout(Distribution distribution, List<String> shippedModules) throws IOException {
        Path root = TempFiles.directory("fixture");
        Files.createDirectories(home(root));
        Path modules = Files.createDirectories(moduleDirectory(root));
        for (String name : shippedModules) {
            Files.copy(distribution.module(name), modules.resolve(name + ".jar"));
        }
        return root;
    }

    /**
     * Boots a kernel: the kernel runtime registers the module directory's jars at its first boot (unless the
     * preparation registered modules already) and loads {@code etc/loadmods}, if the preparation wrote one.
     */
    public static FrameworkFixture kernel(Distribution distribution, List<String> shippedModules,
            HomePreparation preparation) throws IOException, BundleException {
        Path root = layout(distribution, shippedModules);
        preparation.prepare(home(root));
        return new FrameworkFixture(root, BenchFramework.boot(properties(root), kernelBundles(distribution)));
    }

    /**
     * Boots a kernel as {@link #kernel} does, with no shipped module, and its shell as the launcher has it: Gogo's
     * runtime and the kernel shell bundle installed beside the kernel runtime and started once it has booted.
     */
    public static FrameworkFixture kernelWithShell(Distribution distribution, HomePreparation preparation)
            throws IOException, BundleException {
        Path root = layout(distribution, List.of());
        preparation.prepare(home(root));
        return new FrameworkFixture(root, BenchFramework.boot(properties(root), kernelBundles(distribution),
                distribution.shellBundles()));
    }

    /** @return the bundles of a kernel: the infrastructure bundles, then the kernel runtime */
    public static List<Path> kernelBundles(Distribution distribution) {
        List<Path> bundles = new ArrayList<>(distribution.infrastructureBundles());
        bundles.add(distribution.kernelRuntime());
        return bundles;
    }

    /**
     * Boots a kernel with hot deployment, as the launcher does: Apache Felix FileInstall installed beside the kernel
     * runtime (which then registers its installer for the module directory) and started once the kernel has booted,
     * watching the module directory every {@code pollMillis} for {@code *.jar}, its first scan at once.
     */
    public static FrameworkFixture kernelWithHotDeployment(Distribution distribution, List<String> shippedModules,
            long pollMillis) throws IOException, BundleException {
        Path root = layout(distribution, shippedModules);
        Map<String, String> properties = new LinkedHashMap<>(properties(root));
        properties.put("felix.fileinstall.dir", moduleDirectory(root).toString());
        properties.put("felix.fileinstall.filter", ".*\\.jar");
        properties.put("felix.fileinstall.poll", Long.toString(pollMillis));
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.log.level", "1");
        return new FrameworkFixture(root, BenchFramework.boot(properties, kernelBundles(distribution),
                List.of(distribution.fileInstall())));
    }

    /**
     * Boots raw Felix: the same properties and infrastructure bundles, no kernel runtime. The system bundle stands in
     * for the runtime's extender capability, so that the shipped modules resolve; both sides then resolve the same
     * requirement, against a different provider.
     */
    public static FrameworkFixture raw(Distribution distribution, List<String> shippedModules)
            throws IOException, BundleException {
        Path root = layout(distribution, shippedModules);
        return new FrameworkFixture(root, BenchFramework.boot(rawProperties(root),
                distribution.infrastructureBundles()));
    }

    /**
     * @return the framework properties of raw Felix for a fixture directory: {@link #properties}, and the system
     *         bundle providing the kernel's extender capability
     */
    public static Map<String, String> rawProperties(Path root) {
        Map<String, String> properties = new LinkedHashMap<>(properties(root));
        properties.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, EXTENDER_CAPABILITY);
        return properties;
    }

    /** @return the framework properties for a fixture directory */
    public static Map<String, String> properties(Path root) {
        return BenchFramework.properties(root.resolve("felix-cache"), home(root), moduleDirectory(root));
    }

    /** @return the kernel home of a fixture directory */
    public static Path home(Path root) {
        return root.resolve("home");
    }

    /** @return the module directory of a fixture directory */
    public static Path moduleDirectory(Path root) {
        return root.resolve("vmkmod");
    }

    /** @return the running framework */
    public BenchFramework framework() {
        return framework;
    }

    /** @return the kernel; only for a fixture booted with {@link #kernel} */
    public KernelService kernel() {
        return framework.kernel();
    }

    /** @return the module directory, holding the shipped modules copied in */
    public Path moduleDirectory() {
        return moduleDirectory(root);
    }

    /** @return a scratch directory inside the fixture, created if needed */
    public Path scratch(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    /** Stops the framework and deletes the fixture directory. */
    @Override
    public void close() throws IOException {
        try {
            framework.stop();
        } finally {
            TempFiles.delete(root);
        }
    }
}
