package org.dlkm.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Gogo {@code CommandSession}, called through the interface the Gogo runtime bundle exports
 * (loaded from that bundle), so the launcher shares no Gogo type with the framework.
 *
 * <p>Not thread-safe: one thread runs a session's commands.
 */
final class GogoSession implements ShellSession, AutoCloseable {

    static final String SESSION_TYPE = "org.apache.felix.service.command.CommandSession";
    static final String CONVERTER_TYPE = "org.apache.felix.service.command.Converter";
    /** The session variable holding the set of registered commands, as {@code scope:function}. */
    private static final String COMMANDS = ".commands";

    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method get;
    private final Method put;
    private final Method close;
    private final Method currentDir;
    private final int inspect;

    /**
     * @param session a {@code CommandSession}
     * @param types the Gogo runtime bundle's class loader, which sees the API types it exports
     */
    GogoSession(Object session, ClassLoaderView types) throws ReflectiveOperationException {
        Class<?> sessionType = types.load(SESSION_TYPE);
        this.session = session;
        this.execute = sessionType.getMethod("execute", CharSequence.class);
        this.format = sessionType.getMethod("format", Object.class, int.class);
        this.get = sessionType.getMethod("get", String.class);
        this.put = sessionType.getMethod("put", String.class, Object.class);
        this.close = sessionType.getMethod("close");
        this.currentDir = sessionType.getMethod("currentDir", java.nio.file.Path.class);
        this.inspect = types.load(CONVERTER_TYPE).getField("INSPECT").getInt(null);
    }

    @Override
    public Object execute(String command) throws Exception {
        try {
            return execute.invoke(session, command);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("CommandSession.execute is not accessible", e);
        }
    }

    @Override
    public CharSequence format(Object value) {
        return (CharSequence) call(format, value, inspect);
    }

    @Override
    public void put(String name, Object value) {
        call(put, name, value);
    }

    @Override
    public Object get(String name) {
        return call(get, name);
    }

    /** Sets the session's working directory, against which commands resolve relative paths. */
    void currentDir(java.nio.file.Path directory) {
        call(currentDir, directory);
    }

    /** The Gogo {@code CommandSession} itself. */
    Object session() {
        return session;
    }

    /** The registered commands, as lower-case {@code scope:function}. */
    Set<String> commands() {
        Set<String> commands = new TreeSet<>();
        if (get(COMMANDS) instanceof Iterable<?> names) {
            names.forEach(name -> commands.add(name.toString().toLowerCase(Locale.ROOT)));
        }
        return commands;
    }

    @Override
    public void close() {
        call(close);
    }

    private Object call(Method method, Object... args) {
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            Exception cause = unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("CommandSession." + method.getName() + " failed: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("CommandSession." + method.getName() + " is not accessible", e);
        }
    }

    private static Exception unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof Exception exception ? exception : e;
    }

    /** Loads the Gogo API types as the bundle that registered the service sees them. */
    @FunctionalInterface
    interface ClassLoaderView {
        Class<?> load(String name) throws ClassNotFoundException;
    }
}
