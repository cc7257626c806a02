package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code dlkm --daemon} on a kernel home, hot deployment polling its module directory every
 * {@link #pollMillis()} ({@code JAVA_OPTS=-Ddlkm.deploy.poll=MS}), driven as an administrator drives it: commands
 * through {@code dlkm -c} attached to it, files written into {@code <home>/vmkmod}, its console log read, and
 * {@code kill -9}.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
final class DeployingDaemon implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern STARTED = Pattern.compile("dlkm: kernel started on .+: process (\\d+), console log .+");

    private final Path home;
    private final int pollMillis;
    private long pid;

    private DeployingDaemon(Path home, int pollMillis) {
        this.home = home;
        this.pollMillis = pollMillis;
    }

    /** Starts a daemon on the home (a fresh one is made by its first boot) and returns once its kernel runs. */
    static DeployingDaemon start(Path home, int pollMillis) throws IOException, InterruptedException {
        DeployingDaemon daemon = new DeployingDaemon(home, pollMillis);
        daemon.boot();
        return daemon;
    }

    /** Starts the daemon again on the same home, after {@link #kill()}. */
    void boot() throws IOException, InterruptedException {
        CrashProcess started = CrashProcess.start(List.of("-Ddlkm.deploy.poll=" + pollMillis), home, "--daemon");
        int status = started.waitFor(TIMEOUT_SECONDS);
        String out = started.stdout().strip();
        Matcher m = STARTED.matcher(out);
        if (status != 0 || !m.matches()) {
            fail("dlkm --daemon on " + home + " failed (status " + status + "):\n" + out + "\n" + started.stderr());
        }
        pid = Long.parseLong(m.group(1));
    }

    Path home() {
        return home;
    }

    /** @return the home's module directory, {@code /usr/lib/vmware/vmkmod} in the shell */
    Path modules() {
        return home.resolve("vmkmod");
    }

    int pollMillis() {
        return pollMillis;
    }

    long pid() {
        return pid;
    }

    /** What {@code dlkm -c SCRIPT} attached to the daemon printed, and its status. */
    record Run(String script, int status, String stdout, String stderr) {
        String describe() {
            return "dlkm -c '" + script + "' (status " + status + ") printed:\n" + stdout + "--- and on standard"
                    + " error:\n" + stderr;
        }

        /** @return how many lines of standard output contain the text */
        long count(String text) {
            return stdout.lines().filter(line -> line.contains(text)).count();
        }
    }

    /** Runs {@code dlkm -c SCRIPT} attached to the daemon, to its end. */
    Run run(String script) throws IOException, InterruptedException {
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the daemon " + pid + " is gone;"
                + " its console:\n" + console());
        CrashProcess shell = CrashProcess.start(home, "-c", script);
        int status = shell.waitFor(TIMEOUT_SECONDS);
        return new Run(script, status, shell.stdout(), shell.stderr());
    }

    /** Runs {@code dlkm -c SCRIPT} and checks that every command succeeded. */
    Run expect(String script) throws IOException, InterruptedException {
        Run run = run(script);
        assertEquals(0, run.status(), run.describe());
        return run;
    }

    /**
     * Runs {@code dlkm -c SCRIPT} about once a second until what it printed satisfies the condition.
     *
     * @return the first run that did
     */
    Run await(String script, Predicate<Run> condition, long timeoutSeconds, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            Run run = run(script);
            if (condition.test(run)) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                fail(what + " within " + timeoutSeconds + " s; the last " + run.describe() + "--- the console:\n"
                        + console());
            }
            Thread.sleep(Math.max(200, pollMillis));
        }
    }

    /** Sleeps for a number of the daemon's poll intervals. */
    void sleepPolls(int polls) throws InterruptedException {
        Thread.sleep((long) polls * pollMillis);
    }

    /** @return the daemon's console log ({@code <home>/var/adm/dlkm.log}), without the time stamps */
    String console() throws IOException {
        try {
            StringBuilder text = new StringBuilder();
            for (String line : Files.readAllLines(home.resolve("var/adm/dlkm.log"), StandardCharsets.UTF_8)) {
                text.append(line.substring(line.indexOf(' ') + 1)).append('\n');
            }
            return text.toString();
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** @return how many lines of the console log contain the text */
    long consoleCount(String text) throws IOException {
        return console().lines().filter(line -> line.contains(text)).count();
    }

    /** {@code kill -9} of the daemon's kernel process; returns once it is gone. */
    void kill() throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            try {
                p.onExit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the daemon " + pid + " did not die of kill -9", e);
            }
        });
    }

    /** {@code dlkm --stop}; a daemon that does not stop is killed. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            CrashProcess.start(home, "--stop").waitFor(TIMEOUT_SECONDS);
            kill();
        }
    }
}
