package org.dlkm.kernel.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.dlkm.kernel.Errno;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code shutdown} and {@code reboot} in the Gogo shell: halt the kernel (stop the framework, which unloads every
 * module, newest first) or reboot it (update the system bundle: the framework stops and starts again in the same
 * process, and the kernel boots anew). What runs the framework decides what follows: the launcher ends the sessions
 * after a halt, and carries them over into the rebooted kernel.
 *
 * <p>Each command prints what it does, notes it in its session's variable {@value #GOING_DOWN} (the framework
 * stopping may cut the command short, and the launcher then knows that the session asked for it), asks the framework,
 * and returns once the framework has begun to stop, so that the session runs nothing more in the kernel going down.
 * Threading: stateless; any session's thread.
 */
@Component(service = ShutdownCommands.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=" + Shutdown.SHUTDOWN,
        "osgi.command.function=" + Shutdown.REBOOT })
@Descriptor("halt or reboot the kernel")
public final class ShutdownCommands {
    /** The session variable naming what the session asked of the kernel: {@code halt} or {@code reboot}. */
    public static final String GOING_DOWN = ".dlkm.going.down";
    /** How long the framework may take to begin stopping. */
    private static final Duration BEGIN_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;

    private final Bundle system;

    /** Creates the commands over the framework's system bundle. */
    @Activate
    public ShutdownCommands(BundleContext context) {
        this.system = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
    }

    /** {@code shutdown}. */
    @Descriptor("halt (-h) or reboot (-r) the kernel; every module is unloaded, newest first")
    public void shutdown(CommandSession session,
            @Descriptor("-h | -r, with -y and a grace period of now or 0 accepted") String... args) {
        act(session, Shutdown.SHUTDOWN, Shutdown.shutdown(args));
    }

    /** {@code reboot}. */
    @Descriptor("reboot the kernel: halt it, then boot it again (static modules, etc/loadmods)")
    public void reboot(CommandSession session, String... args) {
        act(session, Shutdown.REBOOT, Shutdown.reboot(args));
    }

    private void act(CommandSession session, String command, Shutdown.Action action) {
        PrintStream out = System.out;
        out.println(action.announcement());
        out.flush();
        if (session != null) {
            session.put(GOING_DOWN, action.name().toLowerCase(Locale.ROOT));
        }
        try {
            if (action == Shutdown.Action.HALT) {
                system.stop();
            } else {
                system.update();
            }
        } catch (BundleException | IllegalStateException e) {
            throw new CommandFailure(command, Errno.EIO, "the framework refused: " + e.getMessage());
        }
        awaitStopping();
    }

    /**
     * Returns once the framework has begun to stop, or when the stopping framework interrupts this session's
     * command: either way the kernel is going down, as asked.
     */
    private void awaitStopping() {
        long deadline = System.nanoTime() + BEGIN_TIMEOUT.toNanos();
        try {
            while (system.getState() == Bundle.ACTIVE && System.nanoTime() - deadline < 0) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            // the framework stopping ends this session's command
        }
    }
}
