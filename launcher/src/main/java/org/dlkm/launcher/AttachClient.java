package org.dlkm.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell's side of an attached session: sends the script's commands, or the terminal's keystrokes and sizes,
 * and shows what the kernel sends back, on standard output and error, or on the terminal, until the kernel's
 * {@link Frame.Type#EXIT}.
 *
 * <p>A session the kernel ended because it halted before running anything is {@link #RETRY tried again} on the
 * next kernel: none of it ran. A connection that ends without {@code EXIT} is a lost kernel (killed, or crashed):
 * the shell says so and its status is 1.
 *
 * <p>Threading: the launcher's main thread runs it; a second thread sends the commands or the keystrokes.
 */
final class AttachClient {

    /** The status meaning: the kernel halted before the session ran anything; find the next kernel. */
    static final int RETRY = -1;

    /** How long, after the kernel halted, the script's reader may take to tell whether commands were left. */
    private static final long LEFTOVER_WAIT_MILLIS = 2_000;

    private final KernelLocator.Attached kernel;
    private final RunDirectory run;
    private final PrintStream err;

    AttachClient(KernelLocator.Attached kernel, RunDirectory run, PrintStream err) {
        this.kernel = kernel;
        this.run = run;
        this.err = err;
    }

    /**
     * Runs a script in the kernel.
     *
     * @return the script's status, or {@link #RETRY} with every command given back to {@code commands}
     */
    int runScript(ScriptCommands commands, PrintStream out) throws InterruptedException {
        commands.readAhead();
        List<String> sent = new ArrayList<>();
        Map<String, String> exit;
        try (FrameChannel channel = kernel.channel()) {
            Thread sender = new Thread(new Runnable() { // not a lambda: the thin client's path (ThinClient)
                @Override
                public void run() {
                    send(commands, sent, channel);
                }
            }, "dlkm-script-sender");
            sender.setDaemon(true);
            sender.start();
            try {
                exit = receive(channel, out, err);
            } finally {
                sender.interrupt();
                sender.join();
            }
        }
        if (exit == null) {
            return lost();
        }
        int ran = Integer.parseInt(exit.getOrDefault("ran", "0"));
        int status = Integer.parseInt(exit.get("status"));
        List<String> notRun;
        synchronized (sent) {
            notRun = new ArrayList<>(sent.subList(Math.min(ran, sent.size()), sent.size()));
        }
        commands.giveBack(notRun);
        if (halted(exit) && !started(exit)) {
            return RETRY;
        }
        if (halted(exit) && commands.hasNext(LEFTOVER_WAIT_MILLIS)) {
            err.println("dlkm: the kernel was shut down before the script ended");
            return Math.max(status, 1);
        }
        return status;
    }

    /**
     * Runs the interactive shell of the kernel on the local terminal.
     *
     * @return the session's status ({@code exit N}), or {@link #RETRY}
     */
    int runTerminal(LocalTerminal terminal) throws InterruptedException {
        KeyPipe.Feed keys = terminal.keyboard().open();
        Map<String, String> exit;
        try (FrameChannel channel = kernel.channel()) {
            terminal.onResize((columns, rows) -> sendSize(channel, columns, rows));
            Thread typist = new Thread(() -> type(keys, channel), "dlkm-keys");
            typist.setDaemon(true);
            typist.start();
            try {
                exit = receive(channel, terminal.screen(), terminal.screen());
            } finally {
                keys.end();
                typist.join();
                terminal.onResize((columns, rows) -> { });
            }
        }
        if (exit == null) {
            terminal.println(lostMessage());
            return 1;
        }
        if (halted(exit) && !started(exit)) {
            return RETRY;
        }
        if (halted(exit)) {
            terminal.println("dlkm: the kernel was shut down");
        }
        return Integer.parseInt(exit.get("status"));
    }

    /** The kernel's frames, to {@code out} and {@code err}, up to {@code EXIT}; {@code null} if the kernel is lost. */
    private static Map<String, String> receive(FrameChannel channel, OutputStream out, OutputStream err) {
        try {
            for (Frame frame; (frame = channel.read()) != null; ) {
                switch (frame.type()) {
                    case OUT -> write(out, frame.payload());
                    case ERR -> write(err, frame.payload());
                    case EXIT -> {
                        return frame.fields();
                    }
                    default -> throw new IOException("a " + frame.type() + " frame from the kernel");
                }
            }
        } catch (IOException e) {
            // lost
        }
        return null;
    }

    private static void write(OutputStream stream, byte[] bytes) throws IOException {
        stream.write(bytes);
        stream.flush();
    }

    /** Sends the commands as they come, then {@code END}; stops when interrupted: the session ended. */
    private static void send(ScriptCommands commands, List<String> sent, FrameChannel channel) {
        try {
            for (String command; (command = commands.nextInterruptibly()) != null; ) {
                synchronized (sent) {
                    sent.add(command);
                }
                channel.write(Frame.text(Frame.Type.LINE, command));
            }
            channel.write(Frame.empty(Frame.Type.END));
        } catch (InterruptedException | IOException e) {
            // the session ended first
        }
    }

    private void type(KeyPipe.Feed keys, FrameChannel channel) {
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = keys.read(buffer, 0, buffer.length)) >= 0; ) {
                channel.write(Frame.Type.INPUT, buffer, 0, n);
            }
        } catch (IOException e) {
            // the session ended
        }
    }

    private static void sendSize(FrameChannel channel, int columns, int rows) {
        Map<String, String> size = new LinkedHashMap<>();
        size.put("columns", Integer.toString(columns));
        size.put("rows", Integer.toString(rows));
        try {
            channel.write(Frame.fields(Frame.Type.WINDOW, size));
        } catch (IOException e) {
            // the session ended
        }
    }

    private int lost() {
        err.println(lostMessage());
        return 1;
    }

    private String lostMessage() {
        return "dlkm: lost the kernel of process " + kernel.pid() + " on " + run.home() + ": it ended without ending"
                + " this session (killed, or crashed; see its console); the next ./dlkm boots a new kernel";
    }

    private static boolean halted(Map<String, String> exit) {
        return "halted".equals(exit.get("reason"));
    }

    private static boolean started(Map<String, String> exit) {
        return Boolean.parseBoolean(exit.get("started"));
    }
}
