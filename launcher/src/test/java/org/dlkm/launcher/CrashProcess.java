package org.dlkm.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged {@code dlkm} run in a process of its own, as an administrator runs it: standard output read line by
 * line as it comes, each line with the time it arrived, standard error collected whole. The test thread can wait for
 * a line, kill the process as a power cut would ({@link Process#destroyForcibly()}, SIGKILL on POSIX), or wait for
 * it to end.
 *
 * <p>Not thread-safe: one test thread drives a process; a reader thread per stream fills its lines.
 */
final class CrashProcess {

    /** A line of standard output and when it arrived, in {@link System#nanoTime()} nanoseconds. */
    record Line(String text, long nanos) {
    }

    private final Process process;
    private final long started;
    private final List<Line> out = new ArrayList<>();
    /** Guarded by {@link #out}: whether standard output has ended. */
    private boolean outEnded;
    private final Thread outReader;
    private final CompletableFuture<String> err = new CompletableFuture<>();

    private CrashProcess(Process process, long started) {
        this.process = process;
        this.started = started;
        // threads of their own, not a shared pool: on two cores the common pool runs one task at a time, and a
        // full standard error pipe would then block the process
        this.outReader = reader("stdout", () -> readLines(process.getInputStream()));
        reader("stderr", () -> err.complete(readAll(process.getErrorStream())));
    }

    private static Thread reader(String stream, Runnable read) {
        Thread t = new Thread(read, "dlkm " + stream + " reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The packaged launcher jar of the distribution ({@code dlkm.distribution}, default {@code target/dlkm}). */
    static Path launcherJar() throws IOException {
        Path distribution = distribution();
        try (Stream<Path> files = Files.list(distribution)) {
            return files.filter(file -> file.getFileName().toString().matches("launcher-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no launcher jar in " + distribution
                            + ": run the package phase first"));
        }
    }

    /** The launcher's distribution directory, as the build assembles it. */
    static Path distribution() {
        return Path.of(System.getProperty("dlkm.distribution", "target/dlkm"));
    }

    /**
     * Starts {@code dlkm --home HOME ARGS...} with the Java running the tests, as the {@code dlkm} script does;
     * standard input is empty.
     */
    static CrashProcess start(Path home, String... args) throws IOException {
        return start(List.of(), home, args);
    }

    /**
     * Starts {@code java OPTIONS... -jar <launcher> --home HOME ARGS...}, as {@code JAVA_OPTS=OPTIONS dlkm} runs it (a
     * {@code --daemon}'s kernel process inherits them); standard input is empty.
     */
    static CrashProcess start(List<String> javaOptions, Path home, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // the client compiler alone and the serial collector: a JVM that starts sooner and leaves more of two cores to
        // the others; neither changes what the kernel writes or when
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", launcherJar().toString(), "--home", home.toString()));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        return new CrashProcess(process, started);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** @return when the process was started, in {@link System#nanoTime()} nanoseconds */
    long started() {
        return started;
    }

    /**
     * Waits for a line of standard output that starts with a prefix.
     *
     * @return the line, or null if the process ended (or the time ran out) without printing it
     */
    Line awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (out) {
            int seen = 0;
            while (true) {
                for (; seen < out.size(); seen++) {
                    if (out.get(seen).text().startsWith(prefix)) {
                        return out.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (outEnded || left <= 0) {
                    return null;
                }
                out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Kills the process at once, as a power cut would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        outReader.join();
    }

    /**
     * Waits for the process to end.
     *
     * @return its exit status
     * @throws IllegalStateException if it did not end in time (it is killed then)
     */
    int waitFor(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException("dlkm did not end within " + timeoutSeconds + " s; it printed:\n"
                    + stdout() + "\nand on standard error:\n" + stderr());
        }
        outReader.join();
        return process.exitValue();
    }

    /** @return the lines of standard output so far */
    List<Line> lines() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /** @return standard output so far, one line each */
    String stdout() {
        StringBuilder sb = new StringBuilder();
        for (Line line : lines()) {
            sb.append(line.text()).append('\n');
        }
        return sb.toString();
    }

    /** @return standard error, whole; only once the process ended */
    String stderr() {
        return err.join();
    }

    private void readLines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String text; (text = reader.readLine()) != null; ) {
                Line line = new Line(text, System.nanoTime());
                synchronized (out) {
                    out.add(line);
                    out.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed: its output ends here
        } finally {
            synchronized (out) {
                outEnded = true;
                out.notifyAll();
            }
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(standard error unreadable: " + e.getMessage() + ")";
        }
    }
}
