package org.dlkm.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * One command of the kernel's shell, called as Gogo calls it: the command service registered with
 * {@code osgi.command.function=<name>} by the kernel shell bundle, its public method of that name taking the
 * command line's arguments as {@code String...}, its result the text the shell prints. The method is looked up once;
 * a call is a reflective call on it, as Gogo's own dispatch is, without Gogo's parsing of a command line.
 *
 * <p>Not thread-safe: looked up and called by one benchmark thread.
 */
public final class ShellCommand implements AutoCloseable {
    private static final long WAIT_MILLIS = 30_000;

    private final ServiceTracker<Object, Object> tracker;
    private final Object commands;
    private final Method method;

    private ShellCommand(ServiceTracker<Object, Object> tracker, Object commands, Method method) {
        this.tracker = tracker;
        this.commands = commands;
        this.method = method;
    }

    /**
     * Waits for the command's service, which Declarative Services registers once the kernel's services are there.
     *
     * @param context a bundle context in the framework that runs the kernel shell
     * @param name the command's name, {@code kmadmin}
     * @return the command, holding its service until closed
     * @throws IllegalStateException if no such command appears within 30 s or its method is not there
     */
    public static ShellCommand await(BundleContext context, String name) throws InterruptedException {
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter("(osgi.command.function=" + name + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("a command name is a word, not '" + name + "'", e);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, filter, null);
        tracker.open();
        boolean found = false;
        try {
            Object commands = tracker.waitForService(WAIT_MILLIS);
            if (commands == null) {
                throw new IllegalStateException("no shell command " + name + " within " + WAIT_MILLIS
                        + " ms: did the kernel shell bundle start?");
            }
            Method method = commands.getClass().getMethod(name, String[].class);
            method.setAccessible(true);
            found = true;
            return new ShellCommand(tracker, commands, method);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the service of command " + name + " has no method " + name
                    + "(String...)", e);
        } finally {
            if (!found) {
                tracker.close();
            }
        }
    }

    /** Releases the command's service. */
    @Override
    public void close() {
        tracker.close();
    }

    /**
     * Runs the command.
     *
     * @param args its arguments, {@code -S}
     * @return the text it prints
     * @throws IllegalStateException if it refuses, with its message
     */
    public String run(String... args) {
        try {
            return Objects.toString(method.invoke(commands, (Object) args));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the command refused: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the command's method is not accessible", e);
        }
    }
}
