package org.dlkm.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The kernel's side of one attached shell: reads its {@link Hello}, admits it into the {@link KernelHost}, runs its
 * session ({@link ScriptSession} or {@link TerminalSession}) with its frames as input and output, and ends with
 * {@link Frame.Type#EXIT}. A shell that goes away ends its session: a script after the command running, a
 * terminal session as its keyboard ends.
 *
 * <p>Threading: runs on a thread of its own; a terminal session's keystrokes are read on a second one.
 */
final class AttachedShell implements Runnable {

    private final FrameChannel channel;
    private final KernelHost host;
    private final KernelIdentity identity;

    AttachedShell(FrameChannel channel, KernelHost host, KernelIdentity identity) {
        this.channel = channel;
        this.host = host;
        this.identity = identity;
    }

    @Override
    public void run() {
        try (channel) {
            Frame first = channel.read();
            if (first == null) {
                return;
            }
            Hello hello;
            try {
                if (first.type() != Frame.Type.HELLO) {
                    throw new IllegalArgumentException("the first frame is " + first.type() + ", not HELLO");
                }
                hello = Hello.of(first.fields());
            } catch (IllegalArgumentException e) {
                refuse(e.getMessage(), false);
                return;
            }
            serve(hello);
        } catch (IOException e) {
            // the shell went away: its session ended with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LauncherException | RuntimeException e) {
            identity.console().println("dlkm: an attached session failed: " + ScriptRunner.message(e));
        }
    }

    private void serve(Hello hello) throws IOException, InterruptedException, LauncherException {
        if (!identity.bootedWith(hello.hardware())) {
            refuse("the kernel of process " + identity.pid() + " runs on " + identity.home() + " with "
                    + identity.hardware().map(file -> "the hardware of " + file).orElse("the embedded example machine")
                    + ", not " + hello.hardware().get() + ": stop it first (shutdown -h in its shell, or"
                    + " ./dlkm --stop), or leave out --hardware to attach to it", false);
            return;
        }
        if (hello.mode() == Hello.Mode.STATUS) {
            if (host.awaitGeneration(null) == null) {
                refuse("the kernel of process " + identity.pid() + " is stopping", true);
            } else {
                channel.write(Frame.fields(Frame.Type.WELCOME, identity.welcome()));
            }
            return;
        }
        if (hello.mode() == Hello.Mode.STOP) {
            channel.write(Frame.fields(Frame.Type.WELCOME, identity.welcome()));
            host.halt();
            return;
        }
        if (!host.enter()) {
            refuse("the kernel of process " + identity.pid() + " is stopping", true);
            return;
        }
        try {
            channel.write(Frame.fields(Frame.Type.WELCOME, identity.welcome()));
            if (hello.mode() == Hello.Mode.SCRIPT) {
                runScript(hello);
            } else {
                runTerminal(hello);
            }
        } finally {
            host.leave();
        }
    }

    private void runScript(Hello hello) throws IOException, InterruptedException, LauncherException {
        FrameOutputStream out = new FrameOutputStream(channel, Frame.Type.OUT);
        FrameOutputStream err = new FrameOutputStream(channel, Frame.Type.ERR);
        ScriptSession.Outcome outcome;
        try (PrintStream outPrinter = new PrintStream(out, false, StandardCharsets.UTF_8);
                PrintStream errPrinter = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            outcome = new ScriptSession(host, hello, InputStream.nullInputStream(), outPrinter, errPrinter)
                    .run(new Lines());
            outPrinter.flush();
            errPrinter.flush();
        }
        exit(outcome.status(), outcome.halted(), outcome.ran() > 0, outcome.ran());
    }

    private void runTerminal(Hello hello) throws IOException, InterruptedException, LauncherException {
        KeyPipe keys = new KeyPipe();
        FrameOutputStream screen = new FrameOutputStream(channel, Frame.Type.OUT);
        TerminalSession session = new TerminalSession(host, hello, keys, screen);
        Thread keyboard = new Thread(() -> readKeys(keys, session), Thread.currentThread().getName() + "-keys");
        keyboard.setDaemon(true);
        keyboard.start();
        TerminalSession.Outcome outcome = session.run();
        screen.flush();
        exit(outcome.status(), outcome.halted(), outcome.started(), 0);
    }

    /** Hands keystrokes and window sizes to the session until the shell goes away. */
    private void readKeys(KeyPipe keys, TerminalSession session) {
        try {
            for (Frame frame; (frame = channel.read()) != null; ) {
                if (frame.type() == Frame.Type.INPUT) {
                    keys.write(frame.payload(), 0, frame.payload().length);
                } else if (frame.type() == Frame.Type.WINDOW) {
                    Map<String, String> size = frame.fields();
                    session.resize(Integer.parseInt(size.get("columns")), Integer.parseInt(size.get("rows")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the shell went away, or spoke nonsense: its keyboard ends either way
        } finally {
            keys.endOfInput();
        }
    }

    private void exit(int status, boolean halted, boolean started, int ran) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("status", Integer.toString(status));
        fields.put("reason", halted ? "halted" : "done");
        fields.put("started", Boolean.toString(started));
        fields.put("ran", Integer.toString(ran));
        channel.write(Frame.fields(Frame.Type.EXIT, fields));
    }

    private void refuse(String message, boolean retry) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("message", message);
        fields.put("retry", Boolean.toString(retry));
        channel.write(Frame.fields(Frame.Type.REFUSED, fields));
    }

    /**
     * The script's commands as the shell sends them, each read when the previous one has run; they end at
     * {@link Frame.Type#END}, or when the shell goes away.
     */
    private final class Lines implements Iterator<String> {
        private String next;
        private boolean ended;

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                try {
                    Frame frame = channel.read();
                    if (frame == null || frame.type() == Frame.Type.END) {
                        ended = true;
                    } else if (frame.type() == Frame.Type.LINE) {
                        next = frame.text();
                    } else {
                        throw new IOException("a " + frame.type() + " frame in a script");
                    }
                } catch (IOException e) {
                    ended = true;
                }
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = next;
            next = null;
            return line;
        }
    }
}
