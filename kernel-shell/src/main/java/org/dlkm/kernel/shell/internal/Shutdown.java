package org.dlkm.kernel.shell.internal;

import org.dlkm.kernel.Errno;

/**
 * {@code shutdown} and {@code reboot}: what the administrator asked for, read as HP-UX and Linux write them
 * ({@code shutdown -h now}, {@code shutdown -ry 0}, {@code reboot}). The kernel stops at once: the only grace
 * period taken is none. Stateless; safe from any thread.
 */
final class Shutdown {
    static final String SHUTDOWN = "shutdown";
    static final String REBOOT = "reboot";
    static final String USAGE = String.join("\n",
            "Usage: shutdown -h [-y] [now|0]    halt the kernel: every module is unloaded, newest first",
            "       shutdown -r [-y] [now|0]    reboot it: halt, then boot again (static modules, etc/loadmods)",
            "       reboot                      the same as shutdown -r");

    /** What to do with the kernel. */
    enum Action {
        HALT("Halting the kernel"),
        REBOOT("Rebooting the kernel");

        private final String announcement;

        Action(String announcement) {
            this.announcement = announcement;
        }

        /** What the command prints before it acts. */
        String announcement() {
            return announcement;
        }
    }

    private Shutdown() {
    }

    /** @throws CommandFailure with {@link Errno#EINVAL} for anything else */
    static Action shutdown(String... args) {
        Action action = null;
        boolean grace = false;
        for (String arg : args) {
            if (arg.startsWith("-") && arg.length() > 1) {
                for (char flag : arg.substring(1).toCharArray()) {
                    action = switch (flag) {
                        case 'h' -> set(action, Action.HALT);
                        case 'r' -> set(action, Action.REBOOT);
                        case 'y' -> action;
                        default -> throw usage(SHUTDOWN, "unknown option '-" + flag + "'");
                    };
                }
            } else if (!grace && (arg.equals("now") || arg.equals("0") || arg.equals("+0"))) {
                grace = true;
            } else if (!grace && arg.matches("\\+?\\d+")) {
                throw usage(SHUTDOWN, "a grace period of " + arg + " is not supported: the kernel stops at once;"
                        + " give now or 0");
            } else {
                throw usage(SHUTDOWN, "unexpected argument '" + arg + "'");
            }
        }
        if (action == null) {
            throw usage(SHUTDOWN, "say -h to halt the kernel or -r to reboot it");
        }
        return action;
    }

    /** @throws CommandFailure with {@link Errno#EINVAL} for any argument */
    static Action reboot(String... args) {
        if (args.length > 0) {
            throw usage(REBOOT, "reboot takes no arguments; shutdown -h halts the kernel");
        }
        return Action.REBOOT;
    }

    private static Action set(Action previous, Action chosen) {
        if (previous != null && previous != chosen) {
            throw usage(SHUTDOWN, "-h and -r exclude each other");
        }
        return chosen;
    }

    private static CommandFailure usage(String command, String problem) {
        return new CommandFailure(command, Errno.EINVAL, problem + "\n" + USAGE);
    }
}
