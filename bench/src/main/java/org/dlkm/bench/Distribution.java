package org.dlkm.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.dlkm.kernel.KernelService;

/**
 * The files the benchmarks work with, laid out by the build beside the benchmark jar: {@code bundles/} (the
 * infrastructure bundles, the kernel runtime, FileInstall and the shell) and {@code modules/} (the shipped module
 * jars). The system property {@value #HOME_PROPERTY} names another directory with the same layout.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Distribution {

    /** System property: the directory holding {@code bundles/} and {@code modules/}. */
    public static final String HOME_PROPERTY = "dlkm.bench.home";

    /** The bundles every framework of the suite starts, dlkm or raw, in start order: SCR and what it needs. */
    private static final List<String> INFRASTRUCTURE = List.of("org.osgi.util.function-", "org.osgi.util.promise-",
            "org.osgi.service.component-", "org.apache.felix.scr-");
    private static final String KERNEL_RUNTIME = "kernel-runtime-";
    private static final String FILE_INSTALL = "org.apache.felix.fileinstall-";
    /** The kernel's shell: Gogo's runtime and the shell bundle whose commands it runs (P11). */
    private static final List<String> SHELL = List.of("org.apache.felix.gogo.runtime-", "kernel-shell-");

    private final Path root;

    private Distribution(Path root) {
        this.root = root;
    }

    /**
     * @return the distribution beside the benchmark jar, or the one {@value #HOME_PROPERTY} names
     * @throws IllegalStateException if it has no {@code bundles/} directory
     */
    public static Distribution locate() {
        String property = System.getProperty(HOME_PROPERTY);
        Path root = property != null ? Path.of(property) : besideTheJar();
        if (!Files.isDirectory(root.resolve("bundles"))) {
            throw new IllegalStateException("no benchmark distribution in " + root + ": build it with bench/run, or"
                    + " mvn package -pl bench -am, or set -D" + HOME_PROPERTY + " to a directory holding bundles/"
                    + " and modules/");
        }
        return new Distribution(root.toAbsolutePath().normalize());
    }

    private static Path besideTheJar() {
        try {
            Path codeSource = Path.of(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmark jar: " + e.getMessage(), e);
        }
    }

    /** @return the distribution's directory, {@code bench/target/bench} in a source tree */
    public Path root() {
        return root;
    }

    /** @return the directory for the suite's logs and result files, created if needed */
    public Path results() throws IOException {
        return Files.createDirectories(root.resolve("results"));
    }

    /** @return the infrastructure bundles (SCR and what it needs), in start order */
    public List<Path> infrastructureBundles() {
        return bundles(INFRASTRUCTURE);
    }

    /** @return the kernel runtime bundle */
    public Path kernelRuntime() {
        return bundle(KERNEL_RUNTIME);
    }

    /** @return Apache Felix FileInstall, which watches the module directory for the kernel's hot deployment (P9) */
    public Path fileInstall() {
        return bundle(FILE_INSTALL);
    }

    /** @return Gogo's runtime and the kernel shell bundle, in start order (P11's {@code kmadmin -S}) */
    public List<Path> shellBundles() {
        return bundles(SHELL);
    }

    private List<Path> bundles(List<String> prefixes) {
        List<Path> bundles = new ArrayList<>();
        for (String prefix : prefixes) {
            bundles.add(bundle(prefix));
        }
        return bundles;
    }

    /**
     * @param name a shipped module: {@code vmklinux}, {@code e100} or {@code nfshaper}
     * @return its jar
     */
    public Path module(String name) {
        Path jar = root.resolve("modules").resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no module jar " + jar + ": rebuild the benchmark distribution");
        }
        return jar;
    }

    /**
     * The kernel API packages as the kernel API jar on the class path exports them, for
     * {@code org.osgi.framework.system.packages.extra}: the system bundle then exports the very classes the
     * benchmark code uses, and the kernel and the modules wire to them.
     *
     * @return the jar's {@code Export-Package} header
     */
    public static String kernelApiExports() {
        try {
            Path jar = Path.of(KernelService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                String exports = manifest == null ? null : manifest.getMainAttributes().getValue("Export-Package");
                if (exports == null) {
                    throw new IllegalStateException(jar + ": the kernel API jar on the class path exports nothing");
                }
                return exports;
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the kernel API jar's manifest: " + e.getMessage(), e);
        }
    }

    private Path bundle(String prefix) {
        Path dir = root.resolve("bundles");
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, prefix + "*.jar")) {
            jars.forEach(found::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + prefix + "*.jar in " + dir + ", found " + found);
        }
        return found.get(0);
    }
}
