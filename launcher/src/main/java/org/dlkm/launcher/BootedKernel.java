package org.dlkm.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.osgi.framework.launch.Framework;

/**
 * The kernel this process boots, on the home whose lock it holds: lays out the home, boots the framework, readies
 * it for sessions, opens the home's socket to other shells, and watches the framework until it halts. The process
 * exits after the kernel halts; the lock goes last, after the socket file.
 *
 * <p>Threading: booted and closed by the launcher's main thread; the {@link KernelHost} watches the framework on the
 * thread {@value #WATCHER}; a shutdown hook halts the kernel on {@code SIGTERM} or {@code SIGINT}.
 */
final class BootedKernel implements AutoCloseable {

    static final String WATCHER = "dlkm-kernel";
    /** How long the framework may take to stop once the kernel halts. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long the sessions may take, after the halt, to tell their shells. */
    static final Duration FAREWELL_TIMEOUT = Duration.ofSeconds(2);

    private final KernelHost host;
    private final KernelIdentity identity;
    private final Optional<SessionServer> server;
    private final int bootFailures;
    private final PrintStream console;

    private BootedKernel(KernelHost host, KernelIdentity identity, Optional<SessionServer> server, int bootFailures,
            PrintStream console) {
        this.host = host;
        this.identity = identity;
        this.server = server;
        this.bootFailures = bootFailures;
        this.console = console;
    }

    /**
     * Opens the locked home to sessions, then boots its kernel: shells that attach during the boot wait for it.
     *
     * @param localSession whether this process has a session of its own in the kernel, entered before any other
     * @param console the kernel's console: where boot problems and the kernel's own messages go
     */
    static BootedKernel boot(HomeLock lock, Optional<Path> hardware, Optional<Path> kernelFile,
            Distribution distribution,
            KernelHost.Policy policy, boolean localSession, PrintStream console, boolean verbose)
            throws LauncherException, InterruptedException {
        KernelHost host = new KernelHost(policy, console, verbose);
        if (localSession && !host.enter()) {
            throw new IllegalStateException("a new kernel refused its first session");
        }
        KernelIdentity identity = new KernelIdentity(lock.pid(), lock.runDirectory().home(), hardware, policy,
                console);
        Optional<SessionServer> server = openServer(lock, host, identity);
        server.ifPresent(open -> host.onHalt(open::close));
        int failures;
        try {
            KernelHome home = KernelHome.prepare(lock);
            for (String module : home.installModules(distribution.modules())) {
                if (verbose) {
                    console.println("dlkm: installed " + module + " into " + home.moduleDirectory());
                }
            }
            FrameworkBoot boot = new FrameworkBoot(console, verbose);
            Framework framework = boot.start(
                    FrameworkBoot.properties(home, hardware, kernelFile, distribution, verbose),
                    distribution.bundleJars());
            failures = boot.failures();
            try {
                host.ready(framework, Generation.ready(1, framework, console, verbose));
            } catch (LauncherException | RuntimeException e) {
                stopQuietly(framework);
                throw e;
            }
        } catch (LauncherException | InterruptedException | RuntimeException e) {
            host.failed();
            server.ifPresent(SessionServer::close);
            throw e;
        }
        Thread watcher = new Thread(() -> watch(host, console), WATCHER);
        watcher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> haltOnSignal(host), "dlkm kernel stop"));
        return new BootedKernel(host, identity, server, failures, console);
    }

    KernelHost host() {
        return host;
    }

    KernelIdentity identity() {
        return identity;
    }

    /** How many bundles failed to install or start at the first boot. */
    int bootFailures() {
        return bootFailures;
    }

    /**
     * Waits until the kernel halts: for as long as sessions use it, or until a daemon is stopped; then at most
     * {@link #STOP_TIMEOUT} for the framework to stop.
     */
    void awaitHalted() throws InterruptedException {
        if (!host.awaitHalted(STOP_TIMEOUT)) {
            console.println("dlkm: the framework did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
        }
        host.awaitNoSessions(FAREWELL_TIMEOUT);
    }

    /** Halts the kernel if it still runs, waits for it, and closes the socket. */
    @Override
    public void close() throws InterruptedException {
        if (!host.halted()) {
            host.halt();
            awaitHalted();
        }
        server.ifPresent(SessionServer::close);
    }

    private static Optional<SessionServer> openServer(HomeLock lock, KernelHost host, KernelIdentity identity) {
        try {
            return Optional.of(SessionServer.open(lock, host, identity));
        } catch (LauncherException e) {
            identity.console().println("dlkm: other shells cannot attach to this kernel: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static void watch(KernelHost host, PrintStream console) {
        try {
            host.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            console.println("dlkm: the kernel's watcher failed: " + e);
        }
    }

    /** On {@code SIGINT} or {@code SIGTERM}: halt cleanly, modules unloaded; a no-op once the kernel has halted. */
    private static void haltOnSignal(KernelHost host) {
        if (host.halted()) {
            return;
        }
        host.halt();
        try {
            host.awaitHalted(STOP_TIMEOUT);
            host.awaitNoSessions(FAREWELL_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopQuietly(Framework framework) {
        try {
            FrameworkBoot.stop(framework, STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // the boot failed already; its message says why
        }
    }
}
