package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dlkm} script builds the project when the launcher is missing or older than a source, and says so:
 * what it is doing, how long it took, and for a failed build the cause first and where the whole log is kept. The
 * real script runs in a tree laid out like the repository, with a fake {@code mvn} first on the path (it records its
 * arguments, then builds a launcher jar, or fails as the compiler or an offline build fails) and a fake
 * {@code java} (it says how it was called), so that no real build runs.
 */
class FirstBuildIT {

    private static final String BUILDING = "dlkm: building dlkm (mvn install -DskipTests), about 20 s, longer the first"
            + " time Maven fetches what it needs...";
    private static final Pattern BUILT = Pattern.compile("dlkm: built in \\d+ s");

    private static final String FAKE_MVN = """
            #!/usr/bin/env bash
            echo "$*" >> "$FAKE_MVN_CALLS"
            while [[ $# -gt 0 && $1 != -f ]]; do shift; done
            root=$(dirname "$2")
            offline=no
            [[ " $* " == *" -o "* ]] && offline=yes
            if [[ $FAKE_MVN == compile-error ]]; then
                echo "[ERROR] COMPILATION ERROR : "
                echo "[ERROR] $root/launcher/src/main/java/Main.java:[3,9] cannot find symbol"
                echo "  symbol:   class Strin"
                echo "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile\
             (default-compile) on project launcher: Compilation failure"
                echo "[ERROR] -> [Help 1]"
                echo "[ERROR] "
                echo "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch."
                echo "[ERROR] Re-run Maven using the -X switch to enable full debug logging."
                echo "[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException"
                exit 1
            fi
            if [[ $FAKE_MVN == offline-missing && $offline == yes ]]; then
                echo "[ERROR] Failed to execute goal on project launcher: Could not resolve dependencies: Cannot access\
             central in offline mode and the artifact org.jline:jline:jar:3.30.4 has not been downloaded\
             from it before."
                exit 1
            fi
            mkdir -p "$root/launcher/target/dlkm"
            touch "$root/launcher/target/dlkm/launcher-0.1.0-SNAPSHOT.jar"
            [[ $FAKE_MVN == with-client ]] && touch "$root/launcher/target/dlkm/launcher-0.1.0-SNAPSHOT-client.jar"
            exit 0
            """;

    /** Says how it was called; as the thin client, declines when FAKE_CLIENT says so (creates the file it is given). */
    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            echo "java $*"
            if [[ " $* " == *-client.jar* && $FAKE_CLIENT == decline ]]; then
                for arg in "$@"; do
                    [[ $arg == -Ddlkm.client.declined=* ]] && touch "${arg#*=}"
                done
            fi
            exit 0
            """;

    @TempDir
    Path tmp;

    private Path root;
    private Path calls;

    /** The script, a pom, a source and a cnf/ file in {@code repo/}; fake tools in {@code bin/}, {@code jdk/bin/}. */
    @BeforeEach
    void layOutARepository() throws Exception {
        root = DlkmProcess.repositoryWithTheScript(tmp.resolve("repo"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.writeString(Files.createDirectories(root.resolve("cnf")).resolve("common.bnd"), "\n");
        Files.writeString(Files.createDirectories(root.resolve("launcher/src/main/java")).resolve("Main.java"),
                "class Main {}\n");
        executable(Files.createDirectories(tmp.resolve("bin")).resolve("mvn"), FAKE_MVN);
        executable(Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java"), FAKE_JAVA);
        calls = tmp.resolve("mvn-calls");
        Files.writeString(calls, "");
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code ./dlkm -c scanpci} from a directory of its own, stdout and stderr merged. */
    private DlkmProcess.Result dlkm(String fakeMvn) throws Exception {
        return dlkm(fakeMvn, "attach");
    }

    private DlkmProcess.Result dlkm(String fakeMvn, String fakeClient) throws Exception {
        return dlkm(fakeMvn, fakeClient, "-c", "scanpci");
    }

    private DlkmProcess.Result dlkm(String fakeMvn, String fakeClient, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("dlkm").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(tmp.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PATH", tmp.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_HOME", tmp.resolve("jdk").toString());
        env.put("TMPDIR", tmp.toString());
        env.put("FAKE_MVN", fakeMvn);
        env.put("FAKE_MVN_CALLS", calls.toString());
        env.put("FAKE_CLIENT", fakeClient);
        env.remove("JAVA_OPTS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        return new DlkmProcess.Result(process.exitValue(), output);
    }

    private List<String> mvnCalls() throws Exception {
        return Files.readAllLines(calls);
    }

    private String launcher() {
        return root.resolve("launcher/target/dlkm/launcher-0.1.0-SNAPSHOT.jar").toString();
    }

    @Test
    void theFirstRunSaysItIsBuildingAndHowLongItTookThenRunsTheLauncher() throws Exception {
        DlkmProcess.Result first = dlkm("ok");

        assertEquals(3, first.lines().size(), first.output());
        assertEquals(BUILDING, first.lines().get(0));
        assertTrue(BUILT.matcher(first.lines().get(1)).matches(), first.output());
        assertEquals("java -jar " + launcher() + " -c scanpci", first.lines().get(2));
        assertEquals(0, first.status());
        assertEquals(List.of("-B -f " + root.resolve("pom.xml") + " -q -o install -DskipTests"), mvnCalls());
        assertFalse(Files.exists(root.resolve("launcher/target/dlkm-build.log")));
    }

    @Test
    void aBuiltLauncherRunsWithoutABuildUntilASourceChanges() throws Exception {
        dlkm("ok");

        DlkmProcess.Result again = dlkm("ok");
        Files.setLastModifiedTime(root.resolve("launcher/src/main/java/Main.java"),
                FileTime.from(Instant.now().plusSeconds(60)));
        DlkmProcess.Result changed = dlkm("ok");

        assertEquals("java -jar " + launcher() + " -c scanpci\n", again.output());
        assertEquals("dlkm: sources changed since the last build; building again, about 20 s...",
                changed.lines().get(0), changed.output());
        assertTrue(BUILT.matcher(changed.lines().get(1)).matches(), changed.output());
        assertEquals(2, mvnCalls().size());
    }

    @Test
    void aFailedBuildShowsTheCompilersErrorFirstAndKeepsTheWholeLog() throws Exception {
        DlkmProcess.Result failed = dlkm("compile-error");

        Path log = root.resolve("launcher/target/dlkm-build.log");
        assertEquals(BUILDING + "\n"
                + "dlkm: the build failed (mvn install -DskipTests in " + root + "):\n"
                + "[ERROR] COMPILATION ERROR : \n"
                + "[ERROR] " + root + "/launcher/src/main/java/Main.java:[3,9] cannot find symbol\n"
                + "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile"
                + " (default-compile) on project launcher: Compilation failure\n"
                + "dlkm: the whole build log is " + log + "\n", failed.output());
        assertEquals(1, failed.status());
        assertTrue(Files.readString(log).contains("  symbol:   class Strin\n"), Files.readString(log));
        assertTrue(Files.readString(log).contains("[ERROR] [Help 1]"), Files.readString(log));
        assertEquals(1, mvnCalls().size(), "a compilation error is not retried online: " + mvnCalls());
    }

    @Test
    void anArtifactMissingOfflineIsFetchedOnline() throws Exception {
        DlkmProcess.Result result = dlkm("offline-missing");

        assertEquals(BUILDING, result.lines().get(0), result.output());
        assertTrue(BUILT.matcher(result.lines().get(1)).matches(), result.output());
        assertEquals("java -jar " + launcher() + " -c scanpci", result.lines().get(2));
        assertEquals(0, result.status());
        assertEquals(List.of("-B -f " + root.resolve("pom.xml") + " -q -o install -DskipTests",
                "-B -f " + root.resolve("pom.xml") + " -q install -DskipTests"), mvnCalls());
    }

    /**
     * With a thin client jar, ./dlkm starts it first, before looking at the sources, with its archive options and a
     * file to create if it declines: a client that attached ends the run with its status, without a build even when a
     * source changed; one that declined hands over to the launcher, after the build the sources ask for, and the file
     * is gone. The first client run writes the archive under a temporary name; the next runs read it.
     */
    @Test
    void theThinClientRunsFirstAndTheLauncherOnlyWhenItDeclines() throws Exception {
        DlkmProcess.Result built = dlkm("with-client");
        assertEquals("java -jar " + launcher() + " -c scanpci", built.lines().get(2), "no client before a build");
        Files.setLastModifiedTime(root.resolve("launcher/src/main/java/Main.java"),
                FileTime.from(Instant.now().plusSeconds(60)));

        DlkmProcess.Result attached = dlkm("with-client");
        String client = root.resolve("launcher/target/dlkm/launcher-0.1.0-SNAPSHOT-client.jar").toString();
        String archive = root.resolve("launcher/target/dlkm/client.jsa").toString();

        assertEquals(1, attached.lines().size(), "no build, no launcher: " + attached.output());
        String call = attached.lines().get(0);
        assertTrue(call.startsWith("java -XX:ArchiveClassesAtExit=" + archive + "."), call);
        assertTrue(call.contains(" -Xlog:cds=off -Xlog:cds+dynamic=off -Xint -XX:+UseSerialGC -XX:-UsePerfData"
                + " -Ddlkm.client.declined=" + tmp.resolve("dlkm-client-declined.")), call);
        assertTrue(call.endsWith(" -jar " + client + " -c scanpci"), call);
        assertEquals(1, mvnCalls().size());

        Files.writeString(Path.of(archive), "archive");
        Files.setLastModifiedTime(Path.of(archive), FileTime.from(Instant.now().plusSeconds(5)));
        DlkmProcess.Result declined = dlkm("with-client", "decline");

        assertTrue(declined.lines().get(0).startsWith("java -XX:SharedArchiveFile=" + archive + " "),
                declined.output());
        assertEquals("dlkm: sources changed since the last build; building again, about 20 s...",
                declined.lines().get(1), declined.output());
        assertEquals("java -jar " + launcher() + " -c scanpci", declined.lines().get(3));
        assertEquals(2, mvnCalls().size());
        DlkmProcess.Result daemon = dlkm("with-client", "attach", "--daemon");
        assertFalse(daemon.output().contains("-client.jar"), "no -c, no client: " + daemon.output());
        assertTrue(daemon.output().endsWith("java -jar " + launcher() + " --daemon\n"), daemon.output());
        assertEquals("java -XX:SharedArchiveFile=" + archive, dlkm("with-client", "attach", "-ec", "scanpci").lines()
                .get(0).substring(0, ("java -XX:SharedArchiveFile=" + archive).length()), "-ec is -e and -c");
        try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("dlkm-client")).toList());
        }
    }
}
