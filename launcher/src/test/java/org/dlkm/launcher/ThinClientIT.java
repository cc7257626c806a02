package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin client with the real distribution: {@code ./dlkm -c} attached to a running kernel prints what the full
 * launcher prints, with its status, writes its class-data-sharing archive once and reads it after; everything it
 * declines (no kernel on the home, a script on standard input, {@code --help}) the full launcher does, as before.
 * The script runs from a copy of the repository's layout holding the packaged distribution and no source, so it
 * never builds.
 */
class ThinClientIT {

    @TempDir
    Path tmp;

    private Path root;
    private Path home;
    private DlkmProcess kernel;

    @BeforeEach
    void layOut() throws Exception {
        root = DlkmProcess.repositoryWithTheScript(tmp.resolve("repo"));
        Files.createDirectories(root.resolve("launcher/target"));
        DlkmProcess.copyOfTheDistribution(root.resolve("launcher/target/dlkm"));
        Files.deleteIfExists(archive()); // one the build tree's ./dlkm wrote: this copy starts without

        Files.createDirectories(tmp.resolve("tmp"));
        home = tmp.resolve("home");
    }

    @AfterEach
    void stopKernel() throws Exception {
        if (kernel != null) {
            kernel.closeInput();
            kernel.await();
        }
    }

    private DlkmProcess.Result dlkm(String stdin, Map<String, String> extra, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("dlkm").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        env.put("TMPDIR", tmp.resolve("tmp").toString());
        env.remove("JAVA_OPTS");
        env.remove("DLKM_CLIENT");
        env.putAll(extra);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        return new DlkmProcess.Result(process.exitValue(), output);
    }

    private Path archive() {
        return root.resolve("launcher/target/dlkm/client.jsa");
    }

    private List<String> leftovers() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(tmp.resolve("tmp")),
                Files.list(root.resolve("launcher/target/dlkm")))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("dlkm-client") || n.startsWith("client.jsa.")).forEach(names::add);
        }
        return names;
    }

    @Test
    void anAttachedCommandPrintsWhatTheLauncherPrintsAndTheArchiveIsWrittenOnceThenRead() throws Exception {
        kernel = DlkmProcess.holdKernel(tmp, home);

        DlkmProcess.Result first = dlkm("", Map.of(), "--home", home.toString(), "-x", "-c", "vmkload_mod -l; kmsystem");
        DlkmProcess.Result full = dlkm("", Map.of("DLKM_CLIENT", "off"), "--home", home.toString(), "-x", "-c",
                "vmkload_mod -l; kmsystem");
        assertTrue(Files.isRegularFile(archive()), "the first attached run writes the archive");
        long written = Files.getLastModifiedTime(archive()).toMillis();
        DlkmProcess.Result again = dlkm("", Map.of(), "--home", home.toString(), "-x", "-c", "vmkload_mod -l; kmsystem");

        assertEquals(0, first.status(), first.output());
        assertTrue(first.output().startsWith("dlkm> vmkload_mod -l\nName "), first.output());
        assertEquals(full.output(), first.output());
        assertEquals(full.output(), again.output());
        assertEquals(written, Files.getLastModifiedTime(archive()).toMillis(), "read, not written again");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aScriptsStatusAndFailuresAreTheLaunchersOwn() throws Exception {
        kernel = DlkmProcess.holdKernel(tmp, home);

        DlkmProcess.Result exit = dlkm("", Map.of(), "--home", home.toString(), "-c", "exit 75");
        DlkmProcess.Result failed = dlkm("", Map.of(), "--home", home.toString(), "-e", "-c",
                "vmkload_mod -u nosuch; kmsystem");

        assertEquals(75, exit.status(), exit.output());
        assertEquals("", exit.output());
        assertEquals(1, failed.status());
        assertEquals(dlkm("", Map.of("DLKM_CLIENT", "off"), "--home", home.toString(), "-e", "-c",
                "vmkload_mod -u nosuch; kmsystem").output(), failed.output());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void whatTheClientDeclinesTheLauncherDoes() throws Exception {
        DlkmProcess.Result booted = dlkm("", Map.of(), "--home", home.toString(), "-c", "vmkload_mod -l");
        DlkmProcess.Result script = dlkm("vmkload_mod -l\n", Map.of(), "--home", home.toString());
        DlkmProcess.Result help = dlkm("", Map.of(), "--help");
        DlkmProcess.Result bad = dlkm("", Map.of(), "--nosuch");

        assertEquals(0, booted.status(), booted.output());
        assertTrue(booted.output().startsWith("Name        ID Tag"), booted.output());
        assertEquals(booted.output(), script.output());
        assertTrue(help.output().startsWith("usage: dlkm"), help.output());
        assertEquals(2, bad.status());
        assertTrue(bad.output().startsWith("dlkm: "), bad.output());
        assertFalse(Files.exists(archive()), "no attached run, no archive");
        assertEquals(List.of(), leftovers());
    }

    /** Run alone, the client never boots, creates nothing in the home, and says it declined by the file. */
    @Test
    void theClientAloneDeclinesAHomeWithoutAKernelByTheFileAndTouchesNothing() throws Exception {
        Path client;
        try (Stream<Path> files = Files.list(root.resolve("launcher/target/dlkm"))) {
            client = files.filter(f -> f.getFileName().toString().endsWith("-client.jar")).findFirst().orElseThrow();
        }
        Path declined = tmp.resolve("declined");
        Process process = new ProcessBuilder(DlkmProcess.java().toString(), "-Ddlkm.client.declined=" + declined,
                "-jar", client.toString(), "--home", home.toString(), "-c", "vmkload_mod -l")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        assertEquals("", output);
        assertEquals(0, process.exitValue());
        assertTrue(Files.exists(declined));
        assertFalse(Files.exists(home), "the client created the home");
    }
}
