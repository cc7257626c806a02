package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tours are transcripts: each one's commands are fed to the packaged {@code dlkm} on a
 * fresh kernel home, with {@code -x} so that every command is echoed after the prompt, and what it
 * prints (standard output and error in one stream, as on a terminal) must be the README's text line
 * for line. The README shortens the kernel home's absolute path to {@code …/var}; so does this test.
 * Each tour runs twice: in a kernel the {@code dlkm} boots for itself, and attached to a kernel already
 * running on the home, which must make no difference.
 *
 * <p>A tour is a section headed {@code ## A tour: ...}; its transcript is every fenced block in it
 * whose first line starts with the prompt, in order, as one session.
 *
 * <p>What runs in real time prints figures that differ a little from run to run: in what {@code vmxmit} prints and
 * what the counters' entries it moves print ({@code /proc/vmware/filters/xmit/...}, {@code /proc/vmware/net/...},
 * {@code /proc/vmware/vm/ID/net/...}), each number may be off the README's by 5% or by 2, whichever is more; every
 * other character must be the same.
 */
class ReadmeToursIT {

    private static final String TOUR_HEADING = "## A tour:";
    private static final String FENCE = "```";
    private static final String SHORTENED_HOME = "…/var";
    /** The commands whose output is measured in real time. */
    private static final Pattern MEASURED =
            Pattern.compile("vmxmit .*|cat /proc/vmware/(filters/xmit|net|vm/[0-9]+/net)/.*");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");

    @TempDir
    Path scratch;

    @Test
    void theReadmeHasItsSixToursEachWithManyCommands() throws IOException {
        List<Tour> tours = tours();

        assertEquals(6, tours.size(), "tours found in the README: " + tours.stream().map(Tour::title).toList());
        for (Tour tour : tours) {
            assertTrue(tour.commands().size() >= 10, tour.title() + " has only " + tour.commands().size() + " commands");
        }
    }

    @TestFactory
    Stream<DynamicTest> eachTourPrintsWhatTheReadmeShowsInAKernelOfItsOwn() throws IOException {
        return tours().stream().map(tour -> DynamicTest.dynamicTest(tour.title(), () -> check(tour, false)));
    }

    @TestFactory
    Stream<DynamicTest> eachTourPrintsWhatTheReadmeShowsAttachedToARunningKernel() throws IOException {
        return tours().stream().map(tour -> DynamicTest.dynamicTest(tour.title(), () -> check(tour, true)));
    }

    private void check(Tour tour, boolean attached) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(scratch.resolve(tour.title().replaceAll("[^A-Za-z0-9]+", "-")
                + (attached ? "-attached" : "")));
        Path home = directory.resolve("var");
        if (tour.title().equals("hot deployment")) {
            secondBuild(directory.resolve("nfshaper-2.jar"));
        }
        List<String> actual;
        if (attached) {
            try (DlkmProcess kernel = DlkmProcess.holdKernel(directory, home)) {
                actual = run(home, tour.commands());
                kernel.closeInput();
                assertEquals(0, kernel.await().status(), "the kernel the tour attached to");
            }
        } else {
            actual = run(home, tour.commands());
        }
        List<String> expected = tour.transcript();
        String command = "";
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "(end of the transcript)";
            String got = i < actual.size() ? actual.get(i) : "(end of the output)";
            if (want.startsWith(ScriptRunner.PROMPT)) {
                command = want.substring(ScriptRunner.PROMPT.length());
            }
            boolean measured = MEASURED.matcher(command).matches() && !want.startsWith(ScriptRunner.PROMPT);
            if (!(measured ? nearly(want, got) : want.equals(got))) {
                fail(tour.title() + ": line " + (i + 1) + " of the transcript differs\n  README: " + want
                        + "\n  dlkm:   " + got + "\nWhat dlkm printed (paste it into the README if the change is"
                        + " intended):\n" + String.join("\n", actual));
            }
        }
    }

    /**
     * @return whether the lines are the same but for numbers each within 5% or 2 of the README's, whichever is more
     */
    static boolean nearly(String want, String got) {
        Matcher w = NUMBER.matcher(want);
        Matcher g = NUMBER.matcher(got);
        if (!NUMBER.matcher(want).replaceAll("#").equals(NUMBER.matcher(got).replaceAll("#"))) {
            return false;
        }
        while (w.find() && g.find()) {
            long a = Long.parseLong(w.group());
            long b = Long.parseLong(g.group());
            if (Math.abs(a - b) > Math.max(2, a / 20)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void measuredFiguresMayDifferByFivePercentOrTwoAndNothingElse() {
        assertTrue(nearly("sent      557 frames, 557000 bytes", "sent      530 frames, 530000 bytes"));
        assertTrue(nearly("queued    100 frames", "queued    98 frames"));
        assertTrue(nearly("Watchdog runs:  2", "Watchdog runs:  3"));
        assertFalse(nearly("sent      557 frames, 557000 bytes", "sent      520 frames, 520000 bytes"));
        assertFalse(nearly("queued    100 frames", "queued    100 bytes"));
        assertFalse(nearly("Tx errors:      0", "Tx errors:      3"));
        assertFalse(nearly("achieved  1482320 bits/s", "achieved  1482320 bits/s extra"));
    }

    /**
     * Writes the second build of nfshaper the hot-deployment tour copies over the shipped one, as its README text
     * says: the shipped jar with one more file, {@code BUILD}; its entries keep the shipped jar's times, so that it
     * has the same SHA-256 at every run.
     */
    private static void secondBuild(Path jar) throws IOException {
        Path shipped = DlkmProcess.launcherJar().resolveSibling("modules").resolve("nfshaper.jar");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(shipped));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            long time = 0;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime()); // the same bytes at every run: the tour prints the jar's SHA-256
                time = e.getTime();
                out.putNextEntry(copy);
                in.transferTo(out);
                out.closeEntry();
            }
            ZipEntry build = new ZipEntry("BUILD");
            build.setTime(time);
            out.putNextEntry(build);
            out.write("2\n".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
    }

    /** Runs the packaged launcher with {@code -x} on the kernel home; returns its merged output lines. */
    private static List<String> run(Path home, List<String> commands) throws IOException, InterruptedException {
        DlkmProcess.Result result = DlkmProcess.run(home.getParent(), String.join("\n", commands) + "\n",
                "--home", home.toString(), "-x");
        String realHome = home.toRealPath().toString();
        String absoluteHome = home.toAbsolutePath().normalize().toString();
        List<String> lines = new ArrayList<>();
        for (String line : result.output().split("\r?\n", -1)) {
            lines.add(line.replace(realHome, SHORTENED_HOME).replace(absoluteHome, SHORTENED_HOME));
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
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
