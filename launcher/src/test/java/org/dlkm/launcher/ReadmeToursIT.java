package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tours are transcripts: each one's commands are fed to the packaged {@code dlkm} on a
 * fresh kernel home, with {@code -x} so that every command is echoed after the prompt, and what it
 * prints (standard output and error in one stream, as on a terminal) must be the README's text line
 * for line. The README shortens the kernel home's absolute path to {@code …/var}; so does this test.
 *
 * <p>A tour is a section headed {@code ## A tour: ...}; its transcript is every fenced block in it
 * whose first line starts with the prompt, in order, as one session.
 */
class ReadmeToursIT {

    private static final String TOUR_HEADING = "## A tour:";
    private static final String FENCE = "```";
    private static final String SHORTENED_HOME = "…/var";
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path scratch;

    @Test
    void theReadmeHasBothToursEachWithManyCommands() throws IOException {
        List<Tour> tours = tours();

        assertEquals(2, tours.size(), "tours found in the README: " + tours.stream().map(Tour::title).toList());
        for (Tour tour : tours) {
            assertTrue(tour.commands().size() >= 10, tour.title() + " has only " + tour.commands().size() + " commands");
        }
    }

    @TestFactory
    Stream<DynamicTest> eachTourPrintsWhatTheReadmeShows() throws IOException {
        return tours().stream().map(tour -> DynamicTest.dynamicTest(tour.title(), () -> check(tour)));
    }

    private void check(Tour tour) throws IOException, InterruptedException {
        Path home = Files.createDirectories(scratch.resolve(tour.title().replaceAll("[^A-Za-z0-9]+", "-"))).resolve("var");
        List<String> actual = run(home, tour.commands());
        List<String> expected = tour.transcript();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "(end of the transcript)";
            String got = i < actual.size() ? actual.get(i) : "(end of the output)";
            if (!want.equals(got)) {
                fail(tour.title() + ": line " + (i + 1) + " of the transcript differs\n  README: " + want
                        + "\n  dlkm:   " + got + "\nWhat dlkm printed (paste it into the README if the change is"
                        + " intended):\n" + String.join("\n", actual));
            }
        }
    }

    /** Runs the packaged launcher with {@code -x} on a new kernel home; returns its merged output lines. */
    private static List<String> run(Path home, List<String> commands) throws IOException, InterruptedException {
        Path launcher = DlkmProcess.launcherJar();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", launcher.toString(), "--home", home.toString(), "-x")
                .redirectErrorStream(true)
                .start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("dlkm did not finish the tour within " + TIMEOUT_SECONDS + " s");
        }
        String text = new String(output.join(), StandardCharsets.UTF_8);
        String realHome = home.toRealPath().toString();
        String absoluteHome = home.toAbsolutePath().normalize().toString();
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            lines.add(line.replace(realHome, SHORTENED_HOME).replace(absoluteHome, SHORTENED_HOME));
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Tour> tours() throws IOException {
        Path readme = Path.of(System.getProperty("dlkm.readme", "../README.md"));
        List<Tour> tours = new ArrayList<>();
        Tour current = null;
        List<String> block = null;
        for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
            if (block != null) {
                if (line.equals(FENCE)) {
                    if (current != null && !block.isEmpty() && block.get(0).startsWith(ScriptRunner.PROMPT)) {
                        current.transcript().addAll(block);
                    }
                    block = null;
                } else {
                    block.add(line);
                }
            } else if (line.startsWith(FENCE)) {
                block = new ArrayList<>();
            } else if (line.startsWith(TOUR_HEADING)) {
                current = new Tour(line.substring(TOUR_HEADING.length()).trim(), new ArrayList<>());
                tours.add(current);
            } else if (line.startsWith("## ")) {
                current = null;
            }
        }
        return tours;
    }

    /** A tour's title and its transcript: prompt lines with their commands, each followed by what it printed. */
    private record Tour(String title, List<String> transcript) {
        List<String> commands() {
            return transcript.stream().filter(line -> line.startsWith(ScriptRunner.PROMPT))
                    .map(line -> line.substring(ScriptRunner.PROMPT.length())).toList();
        }
    }
}
