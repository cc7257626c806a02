package org.dlkm.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged {@code dlkm} launcher running in a process of its own, as an administrator runs it: its standard
 * output and error merged into one text, as on a terminal, and its standard input a pipe the test writes commands
 * to. Used by the tests that run the real distribution ({@code *IT}).
 *
 * <p>Threading: one test thread drives it; a daemon thread collects the output.
 */
final class DlkmProcess implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final OutputStream input;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    private DlkmProcess(Process process) {
        this.process = process;
        this.input = process.getOutputStream();
        this.reader = new Thread(() -> collect(process.getInputStream()), "dlkm output " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -jar <launcher> args...}, in the working directory {@code directory}. */
    static DlkmProcess start(Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java().toString(), "-jar", launcherJar().toString()));
        command.addAll(List.of(args));
        return new DlkmProcess(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .start());
    }

    /**
     * Starts {@code prefix... java -jar <jar> args...}, in the working directory {@code directory}: a launcher other
     * than the packaged one (a copy of the distribution), or run through {@code prefix} (as another user).
     */
    static DlkmProcess start(List<String> prefix, Path jar, Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(java().toString(), "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new DlkmProcess(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .start());
    }

    /** Runs {@link #start(List, Path, Path, String...)} with nothing on its standard input, to the end. */
    static Result run(List<String> prefix, Path jar, Path directory, String... args)
            throws IOException, InterruptedException {
        try (DlkmProcess dlkm = start(prefix, jar, directory, args)) {
            dlkm.closeInput();
            return dlkm.await();
        }
    }

    /**
     * Starts {@code dlkm args...} on a pseudo-terminal of 100 columns and 30 rows, made by util-linux's
     * {@code script}, as an administrator at a terminal runs it: what the test sends is typed on its keyboard, and
     * the output is the terminal's, escape sequences included.
     */
    static DlkmProcess startOnTerminal(Path directory, String... args) throws IOException {
        StringBuilder command = new StringBuilder("stty rows 30 cols 100; exec ").append(quote(java().toString()))
                .append(" -jar ").append(quote(launcherJar().toString()));
        for (String arg : args) {
            command.append(' ').append(quote(arg));
        }
        return new DlkmProcess(new ProcessBuilder("script", "-qefc", command.toString(), "/dev/null")
                .directory(directory.toFile()).redirectErrorStream(true).start());
    }

    /** Whether {@link #startOnTerminal} can work here: util-linux's {@code script} is on the path. */
    static boolean terminalsAvailable() {
        try {
            Process version = new ProcessBuilder("script", "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return version.waitFor() == 0 && text.contains("util-linux");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Runs {@code dlkm args...} with {@code stdin} as its standard input, to the end. */
    static Result run(Path directory, String stdin, String... args) throws IOException, InterruptedException {
        try (DlkmProcess dlkm = start(directory, args)) {
            dlkm.send(stdin);
            dlkm.closeInput();
            return dlkm.await();
        }
    }

    /**
     * Starts {@code dlkm} on {@code home} with a script on its standard input that the test has not written yet:
     * a kernel of its own, which other {@code dlkm} attach to, kept running until the test closes its input.
     * Returns once the kernel is ready for them (its socket is there).
     */
    static DlkmProcess holdKernel(Path directory, Path home) throws IOException, InterruptedException {
        DlkmProcess kernel = start(directory, "--home", home.toString());
        kernel.awaitSocket(home);
        return kernel;
    }

    /** Waits until a kernel serves {@code home}; fails if this process ends first. */
    void awaitSocket(Path home) throws InterruptedException {
        Path socket = home.resolve("run/dlkm.sock");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("no kernel serves " + home + "; dlkm (process " + pid() + ") printed:\n"
                        + output());
            }
            Thread.sleep(20);
        }
    }

    static Path launcherJar() throws IOException {
        Path distribution = Path.of(System.getProperty("dlkm.distribution", "target/dlkm"));
        try (Stream<Path> files = Files.list(distribution)) {
            return files.filter(file -> file.getFileName().toString().matches("launcher-.*\\.jar")
                    && !file.getFileName().toString().endsWith("-client.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no launcher jar in " + distribution
                            + ": run the package phase first"));
        }
    }

    /**
     * Copies the packaged distribution (the launcher jar and everything beside it) into a directory: to break it, or
     * so that another user can read it wherever the build tree is.
     *
     * @return the copy's launcher jar
     */
    static Path copyOfTheDistribution(Path directory) throws IOException {
        Path source = launcherJar().toAbsolutePath().getParent();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, directory.resolve(source.relativize(file).toString()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return directory.resolve(launcherJar().getFileName().toString());
    }

    /** Creates {@code root} with a copy of the repository's {@code dlkm} script in it, as a tree laid out for it. */
    static Path repositoryWithTheScript(Path root) throws IOException {
        Files.createDirectories(root);
        Path script = Path.of(System.getProperty("dlkm.script", "../dlkm")).toAbsolutePath();
        Files.copy(script, root.resolve("dlkm"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        return root;
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Writes text to its standard input. */
    void send(String text) throws IOException {
        input.write(text.getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    void closeInput() throws IOException {
        input.close();
    }

    /** Everything it printed so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits until what it printed contains {@code text}; fails with the output after {@link #TIMEOUT}. */
    String awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive() && output.indexOf(text) < 0) {
                    throw new AssertionError("dlkm (process " + pid() + ") did not print '" + text + "'; it printed:\n"
                            + output);
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 100_000_000))));
            }
            return output.toString();
        }
    }

    /**
     * Waits until what it printed from {@code from} on shows {@code text} on a terminal's screen: with the terminal's
     * escape sequences (colours, cursor moves) left out. Fails with the output after {@link #TIMEOUT}.
     *
     * @param from where in the output to begin, as {@link #output()}{@code .length()} gave it earlier
     * @return what it printed from {@code from} on, without escape sequences
     */
    String awaitScreen(int from, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (output) {
            while (true) {
                String shown = withoutEscapes(output.substring(Math.min(from, output.length())));
                if (shown.contains(text)) {
                    return shown;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive()) {
                    throw new AssertionError("dlkm (process " + pid() + ") did not show '" + text + "'; it showed:\n"
                            + shown);
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 100_000_000))));
            }
        }
    }

    /** Text as a terminal shows it, without the escape sequences that colour it and move its cursor. */
    static String withoutEscapes(String text) {
        return text.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[=>]", "");
    }

    /** Waits for it to end, at most {@link #TIMEOUT}; its exit status and everything it printed. */
    Result await() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dlkm (process " + pid() + ") did not end within " + TIMEOUT.toSeconds()
                    + " s; it printed:\n" + output());
        }
        reader.join(TIMEOUT.toMillis());
        return new Result(process.exitValue(), output());
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void collect(InputStream in) {
        char[] buffer = new char[8192];
        try (Reader text = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (int n; (n = text.read(buffer)) >= 0; ) {
                synchronized (output) {
                    output.append(buffer, 0, n);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            synchronized (output) {
                output.notifyAll();
            }
        }
    }

    /** How a run ended. */
    record Result(int status, String output) {
        List<String> lines() {
            return output.isEmpty() ? List.of() : List.of(output.split("\r?\n"));
        }
    }
}
