package org.dlkm.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import org.dlkm.kernel.home.KernelHomeLayout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Boots the OSGi framework embedded: configures it for a kernel home, installs every bundle of the
 * distribution and starts them, in name order, the Gogo shell last.
 *
 * <p>Bundles start with the thread context class loader set to {@code null}: JLine finds its
 * terminal providers through it, and with the launcher's class loader it falls back to a dumb
 * terminal. A bundle that fails to install or start is reported on the error stream and the boot
 * goes on, so the shell can still be used to look at it.
 *
 * <p>Not thread-safe: one instance boots one framework, from one thread.
 */
final class FrameworkBoot {

    /** Framework property: the kernel home, absolute. */
    static final String HOME = KernelHomeLayout.HOME_PROPERTY;
    /** Framework property: the hardware description file, absolute; absent for the embedded machine. */
    static final String HARDWARE = KernelHomeLayout.HARDWARE_PROPERTY;
    /** Framework property: a kernel file to boot instead of {@code stand/vmunix}, absolute ({@code --kernel}). */
    static final String KERNEL = "dlkm.kernel";
    /** Framework property: the watched module directory, absolute. */
    static final String MODULES = KernelHomeLayout.MODULES_PROPERTY;

    private static final String GOSH_HOME = "gosh.home";
    private static final String GOSH_ARGS = "gosh.args";
    private static final String FELIX_LOG_LEVEL = "felix.log.level";
    private static final String SCR_LOG_LEVEL = "ds.loglevel";
    /** The capability a Gogo shell implementation provides. */
    private static final String GOGO_NAMESPACE = "org.apache.felix.gogo";
    private static final String SHELL_IMPLEMENTATION = "shell.implementation";
    /** JLine: which terminal provider builds the system terminal. */
    private static final String JLINE_PROVIDER = "org.jline.terminal.provider";

    /** The kernel runtime's symbolic name: without it started, there is no kernel and no dlkm command. */
    static final String KERNEL_RUNTIME = "org.dlkm.kernel.runtime";
    /** The kernel shell's symbolic name: without it started, there is no dlkm command. */
    static final String KERNEL_SHELL = "org.dlkm.kernel.shell";
    private static final String REBUILD = "reinstall or rebuild the distribution";
    /** Apache Felix FileInstall: it watches the module directory for the kernel's hot deployment. */
    static final String FILE_INSTALL = "org.apache.felix.fileinstall";
    /** System property: {@code off} keeps FileInstall stopped, so that module jars are not hot-deployed. */
    static final String DEPLOY = "dlkm.deploy";
    /** System property: FileInstall's poll interval in milliseconds. */
    static final String DEPLOY_POLL = "dlkm.deploy.poll";

    private final PrintStream err;
    /** Why the kernel runtime or the kernel shell did not start, by symbolic name. */
    private final Map<String, Exception> essentialFailures = new LinkedHashMap<>();
    /** The jars that could not be installed, and why. */
    private final Map<Path, Exception> installFailures = new LinkedHashMap<>();
    private final boolean verbose;
    private int failures;

    FrameworkBoot(PrintStream err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    /**
     * The framework properties for a kernel.
     *
     * <p>gogo.jline's own login shell is told not to go interactive: it only sources the profile, and never reads
     * standard input, which may be a script. Every interactive shell is a session the launcher opens
     * ({@link TerminalSession}), for the launcher's own terminal as for attached ones.
     */
    static Map<String, String> properties(KernelHome home, Optional<Path> hardware, Distribution distribution,
            boolean verbose) {
        return properties(home, hardware, Optional.empty(), distribution, verbose);
    }

    /** The framework properties for a kernel that boots a named kernel file ({@code --kernel FILE}). */
    static Map<String, String> properties(KernelHome home, Optional<Path> hardware, Optional<Path> kernelFile,
            Distribution distribution, boolean verbose) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, home.frameworkStorage().toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(FELIX_LOG_LEVEL, verbose ? "4" : "0");
        if (verbose) {
            properties.put(SCR_LOG_LEVEL, "warn");
        }
        properties.put(HOME, home.root().toString());
        properties.put(MODULES, home.moduleDirectory().toString());
        hardware.ifPresent(file -> properties.put(HARDWARE, file.toAbsolutePath().normalize().toString()));
        kernelFile.ifPresent(file -> properties.put(KERNEL, file.toAbsolutePath().normalize().toString()));
        properties.put(GOSH_HOME, distribution.shellHome().toString());
        properties.put(GOSH_ARGS, "--nointeractive");
        properties.put("felix.fileinstall.dir", home.moduleDirectory().toString());
        properties.put("felix.fileinstall.filter", ".*\\.jar");
        properties.put("felix.fileinstall.poll", System.getProperty(DEPLOY_POLL, "1000"));
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.log.level", verbose ? "4" : "1");
        return properties;
    }

    /**
     * Starts a framework with the given properties, then installs the bundles and starts them,
     * fragments excepted.
     */
    Framework start(Map<String, String> properties, List<Path> bundles) throws LauncherException {
        if (System.getProperty(JLINE_PROVIDER) == null) {
            // gogo.jline builds a system terminal even when not interactive; a dumb one leaves the
            // keyboard and signals (Ctrl-C) alone and prints no "dumb terminal" warning. The launcher's
            // own terminal names its provider (LocalTerminal).
            System.setProperty(JLINE_PROVIDER, "dumb");
        }
        Framework framework = newFramework(properties);
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(null);
        try {
            framework.init();
            framework.start();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = bundles.stream().map(jar -> install(context, jar)).flatMap(Optional::stream)
                    .toList();
            List<Bundle> startable = installed.stream().filter(bundle -> !isFragment(bundle)).toList();
            startable.stream().filter(bundle -> !isShell(bundle) && !isFileInstall(bundle)).forEach(this::start);
            checkStarted(framework, startable, KERNEL_RUNTIME, "the kernel runtime");
            checkStarted(framework, startable, KERNEL_SHELL, "the kernel shell");
            installFailures.forEach((jar, e) -> report("cannot install bundle " + jar.getFileName(), e));
            KernelBootWait.await(context);
            if (!"off".equals(System.getProperty(DEPLOY))) {
                startable.stream().filter(FrameworkBoot::isFileInstall).forEach(this::start);
            }
            startable.stream().filter(FrameworkBoot::isShell).forEach(this::start);
            return framework;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while the kernel booted", e);
        } catch (BundleException e) {
            throw new LauncherException("cannot start the OSGi framework: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    /** How many bundles failed to install or start. */
    int failures() {
        return failures;
    }

    /** Stops the framework and waits for it, at most {@code timeout}. */
    static void stop(Framework framework, Duration timeout) throws InterruptedException {
        try {
            framework.stop();
        } catch (BundleException e) {
            throw new IllegalStateException("the system bundle refused to stop: " + e.getMessage(), e);
        }
        FrameworkEvent event = framework.waitForStop(timeout.toMillis());
        if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            throw new IllegalStateException("the framework did not stop within " + timeout.toSeconds() + " s");
        }
    }

    private static Framework newFramework(Map<String, String> properties) throws LauncherException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FrameworkBoot.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new LauncherException("no OSGi framework on the launcher's class path:"
                        + " the distribution's lib/ must hold the Felix framework jar named by the launcher's manifest"));
        return factory.newFramework(properties);
    }

    private static boolean isFragment(Bundle bundle) {
        return (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /**
     * Whether the bundle is a Gogo shell (gogo.jline): it starts last, so that its prompt comes after
     * everything the other bundles print while starting, and finds their commands registered.
     */
    static boolean isShell(Bundle bundle) {
        return bundle.adapt(BundleRevision.class).getDeclaredCapabilities(GOGO_NAMESPACE).stream()
                .anyMatch(capability -> SHELL_IMPLEMENTATION.equals(capability.getAttributes().get(GOGO_NAMESPACE)));
    }

    /**
     * Whether the bundle is FileInstall: it starts once the kernel has booted, after the kernel's installer claims the
     * module directory's jars, so that it never installs a module as a plain bundle; not at all with
     * {@code -Ddlkm.deploy=off}.
     */
    static boolean isFileInstall(Bundle bundle) {
        return FILE_INSTALL.equals(bundle.getSymbolicName());
    }

    private Optional<Bundle> install(BundleContext context, Path jar) {
        try {
            return Optional.of(context.installBundle(jar.toUri().toString()));
        } catch (BundleException | RuntimeException e) {
            installFailures.put(jar, e);
            return Optional.empty();
        }
    }

    private void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            if (KERNEL_RUNTIME.equals(bundle.getSymbolicName()) || KERNEL_SHELL.equals(bundle.getSymbolicName())) {
                essentialFailures.put(bundle.getSymbolicName(), e);
                failures++;
                return;
            }
            report("cannot start bundle " + bundle.getSymbolicName() + " " + bundle.getVersion(), e);
        }
    }

    /**
     * Refuses to go on when the kernel runtime or the kernel shell did not start: no shell without dlkm's commands.
     * The framework is stopped, and the refusal says what failed: for the runtime, what the kernel itself said (a bad
     * hardware file: the file, the line and the reason), not the framework's wrapper around it; for the shell, its jar
     * and why it did not start; for a bundle that is not there, the jars that could not be installed.
     */
    private void checkStarted(Framework framework, List<Bundle> startable, String symbolicName, String what)
            throws KernelBootException {
        Optional<Bundle> bundle = startable.stream().filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst();
        if (bundle.isPresent() && bundle.get().getState() == Bundle.ACTIVE) {
            return;
        }
        Exception failure = essentialFailures.get(symbolicName);
        String why;
        if (KERNEL_RUNTIME.equals(symbolicName) && failure != null) {
            why = rootMessage(failure);
        } else if (failure != null) {
            why = jar(bundle.get()) + ": " + what + " (" + symbolicName + ") did not start: "
                    + rootMessage(failure).replaceFirst(" Unresolved requirements: .*", "")
                    + "; dlkm opens no shell without its commands: " + REBUILD;
        } else if (!installFailures.isEmpty()) {
            Map.Entry<Path, Exception> first = installFailures.entrySet().iterator().next();
            failure = first.getValue();
            why = first.getKey() + ": cannot install it: " + rootMessage(failure) + "; " + what + " (" + symbolicName
                    + ") is not installed, and dlkm opens no shell without its commands: " + REBUILD;
        } else {
            why = "the distribution has no bundle " + symbolicName + " (" + what + "): " + REBUILD;
        }
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        throw new KernelBootException(why, failure);
    }

    /** The bundle's jar, from its location ({@code file:} URL); the location itself if it is no file. */
    private static String jar(Bundle bundle) {
        try {
            return Path.of(java.net.URI.create(bundle.getLocation())).toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return bundle.getLocation();
        }
    }

    /** @return the message of the innermost cause that has one: what the kernel itself said */
    static String rootMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? failure.getClass().getName() : message;
    }

    private void report(String what, Exception e) {
        failures++;
        err.println("dlkm: " + what + ": " + e.getMessage());
        if (verbose) {
            e.printStackTrace(err);
        }
    }
}
