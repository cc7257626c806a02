package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shells started together on one home behave as sessions of one kernel: none fails because of another's start, stop
 * or framework cache, and every change any of them made is there afterwards. Each shell registers a module of its
 * own ({@code kminstall -a}) and unconfigures it ({@code kmsystem -c N}), both written to the home's catalog; then
 * {@code kmsystem} must list every one.
 *
 * <p>By default 2 and 5 shells, on a fresh home and on a home whose kernel already runs; the system property
 * {@value #COUNTS} (for example {@code -Ddlkm.test.shells=2,5,20}) sets the counts.
 */
class ConcurrentShellsIT {

    /** System property: how many shells to start together, each count a test, separated by commas. */
    static final String COUNTS = "dlkm.test.shells";

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> shellsStartedTogetherOnAFreshHomeAreSessionsOfOneKernel() {
        return counts().mapToObj(n -> DynamicTest.dynamicTest(n + " shells", () -> startTogether(n, false)));
    }

    @TestFactory
    Stream<DynamicTest> shellsStartedTogetherOnAHomeWhoseKernelRunsAreSessionsOfIt() {
        return counts().mapToObj(n -> DynamicTest.dynamicTest(n + " shells", () -> startTogether(n, true)));
    }

    private static IntStream counts() {
        return Arrays.stream(System.getProperty(COUNTS, "2,5").split(",")).map(String::trim)
                .filter(count -> !count.isEmpty()).mapToInt(Integer::parseInt);
    }

    private void startTogether(int shells, boolean booted) throws Exception {
        Path directory = Files.createDirectories(tmp.resolve(shells + (booted ? "-booted" : "-fresh")));
        Path home = directory.resolve("var");
        List<Path> jars = new ArrayList<>();
        for (int i = 1; i <= shells; i++) {
            jars.add(renamedModule(directory, name(i)));
        }
        DlkmProcess kernel = booted ? DlkmProcess.holdKernel(directory, home) : null;
        try {
            List<DlkmProcess> started = new ArrayList<>();
            for (int i = 1; i <= shells; i++) {
                started.add(DlkmProcess.start(directory, "--home", home.toString(), "-c",
                        "kminstall -a " + jars.get(i - 1) + "; kmsystem -c N " + name(i)));
            }
            for (int i = 1; i <= shells; i++) {
                DlkmProcess.Result result = started.get(i - 1).await();
                assertEquals(0, result.status(), "shell " + i + " of " + shells + ":\n" + result.output());
                assertEquals("Module " + name(i) + " added: image " + home.resolve("stand/dlkm/mod.d/" + name(i)
                        + ".jar") + ", master " + home.resolve("usr/conf/master.d/" + name(i)) + ", system "
                        + home.resolve("stand/system.d/" + name(i)) + "\n"
                        + "Module          Configured   Loadable\n"
                        + "====================================\n"
                        + String.format("%-15s N            Y%n", name(i)), result.output(), "shell " + i);
            }
        } finally {
            if (kernel != null) {
                kernel.closeInput();
                assertEquals(0, kernel.await().status(), kernel.output());
            }
        }
        DlkmProcess.Result after = DlkmProcess.run(directory, "", "--home", home.toString(), "-c", "kmsystem");
        StringBuilder expected = new StringBuilder("Module          Configured   Loadable\n"
                + "====================================\n");
        List<String> names = new ArrayList<>(List.of("aic7xxx", "e100", "nfshaper", "vmklinux"));
        IntStream.rangeClosed(1, shells).mapToObj(ConcurrentShellsIT::name).forEach(names::add);
        names.sort(null);
        for (String name : names) {
            expected.append(String.format("%-15s %s            Y%n", name, name.startsWith("shell") ? "N" : "Y"));
        }
        assertEquals(expected.toString(), after.output());
    }

    private static String name(int i) {
        return String.format("shell%02d", i);
    }

    /** The shipped nfshaper module under another name: its master file's {@code $TYPE} and its bundle's. */
    private static Path renamedModule(Path directory, String name) throws IOException {
        Path shipped = DlkmProcess.launcherJar().getParent().resolve("modules/nfshaper.jar");
        Path jar = directory.resolve(name + ".jar");
        try (ZipFile in = new ZipFile(shipped.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream content = in.getInputStream(entry)) {
                    bytes = content.readAllBytes();
                }
                if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                    bytes = replace(bytes, "Bundle-SymbolicName: org.dlkm.nfshaper",
                            "Bundle-SymbolicName: org.dlkm." + name);
                } else if (entry.getName().equals("META-INF/dlkm/master")) {
                    bytes = replace(bytes, "\nnfshaper misc", "\n" + name + " misc");
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                write(out, bytes);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static byte[] replace(byte[] text, String from, String to) {
        String original = new String(text, StandardCharsets.UTF_8);
        if (!original.contains(from)) {
            throw new IllegalStateException("the shipped nfshaper.jar has no '" + from + "'");
        }
        return original.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
    }
}
