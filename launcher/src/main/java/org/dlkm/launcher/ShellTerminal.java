package org.dlkm.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.Bundle;

/**
 * The terminal the kernel's shell runs on in a terminal session: a JLine {@code ExternalTerminal} of the framework's
 * JLine, fed with the session's keystrokes and writing to the session's screen. JLine's line discipline does what a
 * pseudo-terminal does (echo, Ctrl-C raising an interrupt), and gogo.jline's shell ({@code gosh}) reads lines on it
 * with prompt, history and completion, as on the system terminal.
 *
 * <p>Built through the JLine the Gogo shell bundle wires to, reflectively, so that the launcher shares no JLine type
 * with the framework (its own JLine, on its class path, drives the keyboard: {@link LocalTerminal}). JLine finds its
 * terminal providers through the thread context class loader; it is cleared while the terminal is built, so that
 * JLine looks in its own bundle.
 *
 * <p>Threading: built and closed by the session's thread; {@link #resize} from the thread that learns the size.
 */
final class ShellTerminal implements AutoCloseable {

    private static final String BUILDER = "org.jline.terminal.TerminalBuilder";
    private static final String SIZE = "org.jline.terminal.Size";
    private static final String TERMINAL = "org.jline.terminal.Terminal";
    private static final String SIGNAL = "org.jline.terminal.Terminal$Signal";
    /** JLine's provider whose non-system terminals are {@code ExternalTerminal}s. */
    private static final String PROVIDER = "exec";

    private final Object terminal;
    private final Class<?> terminalType;
    private final Class<?> sizeType;
    private final Class<?> signalType;

    private ShellTerminal(Object terminal, Class<?> terminalType, Class<?> sizeType, Class<?> signalType) {
        this.terminal = terminal;
        this.terminalType = terminalType;
        this.sizeType = sizeType;
        this.signalType = signalType;
    }

    /**
     * @param shellBundle the bundle whose JLine the shell uses (gogo.jline): the JLine types are loaded through it
     * @param keys what the terminal reads: the keystrokes
     * @param screen where it writes
     */
    static ShellTerminal open(Bundle shellBundle, TerminalSpec spec, InputStream keys, OutputStream screen)
            throws LauncherException {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(null);
        try {
            Class<?> builderType = shellBundle.loadClass(BUILDER);
            Class<?> sizeType = shellBundle.loadClass(SIZE);
            Object builder = builderType.getMethod("builder").invoke(null);
            call(builder, "name", new Class<?>[] {String.class}, "dlkm");
            call(builder, "type", new Class<?>[] {String.class}, spec.type());
            call(builder, "system", new Class<?>[] {boolean.class}, false);
            call(builder, "provider", new Class<?>[] {String.class}, PROVIDER);
            call(builder, "streams", new Class<?>[] {InputStream.class, OutputStream.class}, keys, screen);
            call(builder, "encoding", new Class<?>[] {Charset.class}, StandardCharsets.UTF_8);
            call(builder, "size", new Class<?>[] {sizeType}, size(sizeType, spec.sized()));
            Object terminal = builderType.getMethod("build").invoke(builder);
            return new ShellTerminal(terminal, shellBundle.loadClass(TERMINAL), sizeType,
                    shellBundle.loadClass(SIGNAL));
        } catch (InvocationTargetException e) {
            throw new LauncherException("cannot open a terminal for the shell: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new LauncherException("the Gogo shell's JLine does not offer the terminal API the launcher calls: "
                    + e, e);
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    /** The JLine {@code Terminal}, for the shell's session variable {@code .terminal}. */
    Object terminal() {
        return terminal;
    }

    /** What the shell's commands read: the terminal's input after the line discipline. */
    InputStream input() {
        return (InputStream) callTerminal("input", new Class<?>[0]);
    }

    /** Where the shell's commands write. */
    OutputStream output() {
        return (OutputStream) callTerminal("output", new Class<?>[0]);
    }

    /** Gives the terminal its new size and tells the shell, as the kernel does with {@code SIGWINCH}. */
    void resize(int columns, int rows) {
        try {
            callTerminal("setSize", new Class<?>[] {sizeType},
                    size(sizeType, new TerminalSpec("", columns, rows).sized()));
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object winch = Enum.valueOf((Class) signalType, "WINCH");
            callTerminal("raise", new Class<?>[] {signalType}, winch);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot resize the shell's terminal: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            ((AutoCloseable) terminal).close();
        } catch (Exception e) {
            // the terminal's streams are the session's, which end with it
        }
    }

    private static Object size(Class<?> sizeType, TerminalSpec spec) throws ReflectiveOperationException {
        return sizeType.getConstructor(int.class, int.class).newInstance(spec.columns(), spec.rows());
    }

    /** Calls a public method of a public JLine type (the builder, or the {@code Terminal} interface). */
    private static Object call(Object target, String name, Class<?>[] types, Object... args) {
        return call(target.getClass(), target, name, types, args);
    }

    private Object callTerminal(String name, Class<?>[] types, Object... args) {
        return call(terminalType, terminal, name, types, args);
    }

    private static Object call(Class<?> type, Object target, String name, Class<?>[] types, Object... args) {
        try {
            Method method = type.getMethod(name, types);
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("JLine " + name + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JLine has no usable " + name + ": " + e, e);
        }
    }
}
