package org.dlkm.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.osgi.framework.Bundle;

/**
 * An interactive session in the kernel: gogo.jline's shell ({@code gosh --login}, which sources the dlkm profile:
 * prompt, history in the kernel home, completion) on a {@link ShellTerminal} fed by the session's keystrokes and
 * drawing on its screen. The same for the launcher's own terminal and for an attached shell's.
 *
 * <p>The shell ends at Ctrl-D, at {@code exit [N]} (the session's status is then N), when the keyboard goes away,
 * or when the kernel begins to stop. After a reboot a new shell starts in the rebooted kernel, on the same screen;
 * after a halt the session ends.
 *
 * <p>Threading: one thread runs it; {@link #resize} may come from any other.
 */
final class TerminalSession {

    /** How the shell runs in the session: a login shell that leaves the framework running when it ends. */
    static final String[] SHELL = {"--login", "--noshutdown"};
    /** The session variable gogo.jline's shell finds its terminal in. */
    static final String TERMINAL_VARIABLE = ".terminal";

    /**
     * How a terminal session ended.
     *
     * @param status the status {@code exit} gave, else 0
     * @param started whether a shell started
     * @param halted whether it ended because the kernel halted
     */
    record Outcome(int status, boolean started, boolean halted) {
    }

    private final KernelHost host;
    private final Hello hello;
    private final KeyPipe keys;
    private final OutputStream screen;
    private final SessionControl control = new SessionControl();
    private volatile TerminalSpec size;
    private volatile ShellTerminal terminal;

    /**
     * @param hello the terminal's type and first size, and the working directory
     * @param keys the keystrokes
     * @param screen where the terminal draws; flushed by the terminal when it has drawn
     */
    TerminalSession(KernelHost host, Hello hello, KeyPipe keys, OutputStream screen) {
        this.host = host;
        this.hello = hello;
        this.keys = keys;
        this.screen = screen;
        this.size = hello.terminal().sized();
    }

    /** The terminal was resized. */
    void resize(int columns, int rows) {
        size = new TerminalSpec(size.type(), columns, rows).sized();
        ShellTerminal current = terminal;
        if (current != null) {
            current.resize(columns, rows);
        }
    }

    Outcome run() throws LauncherException, InterruptedException {
        boolean started = false;
        Generation generation = null;
        while (true) {
            Generation previous = generation;
            generation = host.awaitGeneration(generation);
            if (generation == null) {
                return new Outcome(control.status(), started, true);
            }
            Optional<Bundle> shell = generation.shellBundle();
            if (shell.isEmpty()) {
                throw new LauncherException("the Gogo shell bundle (gogo.jline) did not start: no interactive shell;"
                        + " scripts still run, with -c or on standard input");
            }
            if (previous != null) {
                say("dlkm: the kernel rebooted");
            }
            started = true;
            runShell(generation, shell.get());
            if (control.exited() || keys.hasEnded() || generation.isCurrent()) {
                return new Outcome(control.status(), true, false);
            }
        }
    }

    /**
     * Runs one shell in the generation, until it ends. Once {@code exit} runs, or the kernel begins to go down,
     * nothing the shell draws shows: neither the prompt it draws before it reads the end of its input, nor the
     * interruption of the command that was running.
     */
    private void runShell(Generation generation, Bundle shellBundle) throws LauncherException {
        KeyPipe.Feed feed = keys.open();
        Screen shellScreen = new Screen(screen);
        control.readingFrom(feed);
        control.onExit(shellScreen::silence);
        Runnable stopListening = host.onGoingDown(() -> {
            shellScreen.silence();
            feed.end();
        });
        try (ShellTerminal opened = ShellTerminal.open(shellBundle, size, feed, shellScreen)) {
            terminal = opened;
            try (GogoSession session = generation.openSession(opened.input(), opened.output(), opened.output(),
                    hello.directory())) {
                session.put(TERMINAL_VARIABLE, opened.terminal());
                session.put(SessionControl.VARIABLE, control);
                generation.runShell(session, SHELL);
            } catch (Exception e) {
                if (generation.isCurrent()) {
                    say("dlkm: the shell failed: " + ScriptRunner.message(e));
                }
            }
        } finally {
            terminal = null;
            stopListening.run();
        }
    }

    /** One shell's view of the session's screen, which can be silenced: nothing the shell draws after it shows. */
    private static final class Screen extends java.io.FilterOutputStream {
        private volatile boolean silent;

        Screen(OutputStream screen) {
            super(screen);
        }

        void silence() {
            try {
                flush();
            } catch (IOException e) {
                // the screen is gone anyway
            }
            silent = true;
        }

        @Override
        public void write(int b) throws IOException {
            if (!silent) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!silent) {
                out.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** A line of the session's own on the screen, between the shell's lines. */
    private void say(String line) {
        try {
            screen.write(("\r\n" + line + "\r\n").getBytes(StandardCharsets.UTF_8));
            screen.flush();
        } catch (IOException e) {
            // the screen is gone: so is the session, at its next read
        }
    }
}
