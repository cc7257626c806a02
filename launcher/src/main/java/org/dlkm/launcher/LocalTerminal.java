package org.dlkm.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.function.BiConsumer;

import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal {@code ./dlkm} was started on, as a keyboard and a screen for the kernel's shell: put in raw mode
 * (no echo, no line editing, no signals, no output processing), so that every key, Ctrl-C included, goes to the
 * shell as a byte and the shell's terminal does what a terminal does, as {@code ssh} does. Used both for the shell
 * of a kernel the launcher booted and for one it attaches to.
 *
 * <p>Built with the launcher's own JLine (on its class path). In a process that runs a kernel, the framework's JLine
 * is told to use dumb terminals (a system property both JLines read), so the provider is named here.
 *
 * <p>Threading: opened and closed by the launcher's main thread; one thread reads {@link #keys}, one writes the
 * {@link #screen}; the resize action runs on JLine's signal thread.
 */
final class LocalTerminal implements AutoCloseable {

    /** JLine's providers that drive a real terminal on Java 17, the native one first. */
    private static final String[] PROVIDERS = {"jni", "exec"};

    private final Terminal terminal;
    private final Attributes saved;
    private final OutputStream screen;
    private KeyPipe keyboard;
    private boolean restoreOnExit;

    private LocalTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.getAttributes();
        this.screen = new BufferedOutputStream(terminal.output(), 8192);
    }

    /** Opens the process's terminal, as it is; {@link #enterRawMode} makes it a keyboard for the kernel's shell. */
    static LocalTerminal open() throws LauncherException {
        IllegalStateException failures = new IllegalStateException("no JLine terminal provider works here");
        for (String provider : PROVIDERS) {
            try {
                Terminal terminal = TerminalBuilder.builder().name("dlkm").system(true).provider(provider)
                        .dumb(false).nativeSignals(true).build();
                return new LocalTerminal(terminal);
            } catch (IOException | RuntimeException e) {
                failures.addSuppressed(e);
            }
        }
        throw new LauncherException("cannot drive this terminal (" + failures.getSuppressed().length
                + " JLine providers tried: " + describe(failures) + "); run a script with -c or on standard input"
                + " instead", failures);
    }

    /**
     * Puts the terminal in raw mode, until {@link #leaveRawMode} or {@link #close}; should the process end first (a
     * signal), a shutdown hook gives the terminal back its mode.
     */
    synchronized void enterRawMode() {
        if (!restoreOnExit) {
            restoreOnExit = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> terminal.setAttributes(saved), "dlkm-terminal"));
        }
        terminal.setAttributes(raw(saved));
    }

    /** Gives the terminal back its own mode, as before {@link #enterRawMode}. */
    void leaveRawMode() {
        try {
            screen.flush();
        } catch (IOException e) {
            // the terminal is gone
        }
        terminal.setAttributes(saved);
    }

    /** The terminal's type and size. */
    TerminalSpec spec() {
        Size size = terminal.getSize();
        return new TerminalSpec(terminal.getType(), size.getColumns(), size.getRows()).sized();
    }

    /**
     * What the user types, byte by byte, read by a thread of its own from the first call on, for as long as the
     * process runs: a session reads it through a {@link KeyPipe#open feed}, and the next session (after a reboot,
     * or on the next kernel) through another.
     */
    synchronized KeyPipe keyboard() {
        if (keyboard == null) {
            KeyPipe keys = new KeyPipe();
            Thread pump = new Thread(() -> pump(terminal.input(), keys), "dlkm-keyboard");
            pump.setDaemon(true);
            pump.start();
            keyboard = keys;
        }
        return keyboard;
    }

    private static void pump(InputStream in, KeyPipe keys) {
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                keys.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the terminal is gone
        } finally {
            keys.endOfInput();
        }
    }

    /** Where the shell draws; flushed by whoever writes. */
    OutputStream screen() {
        return screen;
    }

    /** Calls {@code action} with the new columns and rows each time the terminal is resized. */
    void onResize(BiConsumer<Integer, Integer> action) {
        terminal.handle(Terminal.Signal.WINCH, signal -> {
            Size size = terminal.getSize();
            action.accept(size.getColumns(), size.getRows());
        });
    }

    /** Prints a line of the launcher's own, in raw mode (a carriage return before the newline). */
    void println(String line) {
        try {
            screen.write(("\r" + line + "\r\n").getBytes(terminal.encoding()));
            screen.flush();
        } catch (IOException e) {
            // nowhere else to say it
        }
    }

    /** Gives the terminal back as it was. */
    @Override
    public void close() {
        try {
            screen.flush();
            terminal.setAttributes(saved);
            terminal.close();
        } catch (IOException e) {
            // the terminal is gone with its session
        }
    }

    private static Attributes raw(Attributes cooked) {
        Attributes raw = new Attributes(cooked);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHONL, LocalFlag.IEXTEN,
                LocalFlag.ISIG), false);
        raw.setInputFlags(EnumSet.of(InputFlag.IXON, InputFlag.ICRNL, InputFlag.INLCR, InputFlag.IGNCR,
                InputFlag.ISTRIP, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.INPCK), false);
        raw.setOutputFlag(OutputFlag.OPOST, false);
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        return raw;
    }

    private static String describe(Exception failures) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : failures.getSuppressed()) {
            text.append(text.length() == 0 ? "" : "; ").append(t.getMessage());
        }
        return text.toString();
    }
}
