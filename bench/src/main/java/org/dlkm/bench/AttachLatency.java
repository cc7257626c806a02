package org.dlkm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * P10, an attached command's latency, timed as whole processes: {@code ./dlkm --home H -c 'vmkload_mod -l'} against a
 * kernel running on {@code H} ({@code ./dlkm --daemon}), from the process's start to its exit, against
 * {@code java -version} on the same JVM, the floor of any JVM client. The two alternate, so that a change in the
 * machine's load falls on both; the medians are compared. The first attached runs write the thin client's
 * class-data-sharing archive and are not counted.
 *
 * <p>Not a JMH benchmark: what is timed is other processes. Not thread-safe.
 */
final class AttachLatency {
    /** The system property naming the {@code dlkm} script; by default the source tree's, above the bench jar. */
    static final String SCRIPT_PROPERTY = "dlkm.bench.script";
    static final String COMMAND = "vmkload_mod -l";

    private final Path script;
    private final Path java;

    /** The medians, in milliseconds. */
    record Figures(double dlkmMillis, double javaMillis) {
        double ratio() {
            return dlkmMillis / javaMillis;
        }
    }

    AttachLatency(Path script, Path java) {
        this.script = script;
        this.java = java;
    }

    /** @return the source tree's {@code dlkm}: three directories above the bench jar's ({@code bench/target/bench}) */
    static Path defaultScript(Path benchDistribution) {
        String property = System.getProperty(SCRIPT_PROPERTY);
        return property != null ? Path.of(property)
                : benchDistribution.toAbsolutePath().normalize().getParent().getParent().getParent().resolve("dlkm");
    }

    /**
     * Boots a kernel on a fresh home with {@code --daemon}, times the commands, and stops it.
     *
     * @throws IOException if the script is missing or the daemon does not start or stop
     */
    Figures measure(Path home, int warmups, int runs) throws IOException, InterruptedException {
        if (!Files.isExecutable(script)) {
            throw new IOException("no dlkm script at " + script + ": P10 runs from a source tree (or set -D"
                    + SCRIPT_PROPERTY + ")");
        }
        run(List.of(script.toString(), "--home", home.toString(), "--daemon"), true);
        try {
            List<String> dlkm = List.of(script.toString(), "--home", home.toString(), "-c", COMMAND);
            List<String> version = List.of(java.toString(), "-version");
            for (int i = 0; i < warmups; i++) {
                run(dlkm, true);
                run(version, true);
            }
            List<Double> dlkmMillis = new ArrayList<>();
            List<Double> javaMillis = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                dlkmMillis.add(run(dlkm, true));
                javaMillis.add(run(version, true));
            }
            return new Figures(median(dlkmMillis), median(javaMillis));
        } finally {
            run(List.of(script.toString(), "--home", home.toString(), "--stop"), false);
        }
    }

    /** @return the process's wall time in milliseconds, from its start to its exit */
    private double run(List<String> command, boolean mustSucceed) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", java.getParent().getParent().toString());
        env.remove("JAVA_OPTS");
        env.remove("DLKM_CLIENT");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": still running after 120 s");
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (mustSucceed && process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit status " + process.exitValue());
        }
        return millis;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
