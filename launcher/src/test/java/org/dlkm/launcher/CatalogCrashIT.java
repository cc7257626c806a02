package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts during catalog writes and during the first boot, with real processes: the packaged {@code dlkm} runs
 * {@code kminstall -u}, {@code kminstall -a} (of a jar of tens of MB, so that a kill lands in the middle of the
 * copy), {@code kmsystem -l} and a first boot, and is killed ({@link Process#destroyForcibly()}, SIGKILL) after a
 * random delay within the operation. Then {@code dlkm} boots the same kernel home again, and the test checks:
 * <ul>
 * <li>the home is consistent: each registered module's image, master file and system file belong together (all
 * old or all new), no master or system file is left without its image, and no temporary or staged file remains;</li>
 * <li>the boot-time check reported, on standard error and in {@code /proc/vmware/log}, every leftover it dealt
 * with;</li>
 * <li>{@code kmadmin -L} and {@code kminstall -d} work on what is registered.</li>
 * </ul>
 *
 * <p>System properties: {@value #KILLS_PROPERTY}, kills per operation (default {@value #DEFAULT_KILLS}; at least 50
 * for a real campaign: {@code mvn verify -Ddlkm.crash.kills=50}); {@value #SEED_PROPERTY}, the random seed, printed
 * at the start, to replay a run.
 *
 * <p>Why this class is large: the check of the home after each kill (every image with its master, system, tunables
 * and origin files, nothing left over) is most of it, shared by the four campaigns.
 */
class CatalogCrashIT {

    static final String KILLS_PROPERTY = "dlkm.crash.kills";
    static final String SEED_PROPERTY = "dlkm.crash.seed";
    static final int DEFAULT_KILLS = 5;

    private static final long TIMEOUT_SECONDS = 180;
    /** The padding that makes a module jar large: a kill lands in its copy more often than not. */
    private static final int PADDING_BYTES = 32 << 20;
    private static final String MASTER_ENTRY = "META-INF/dlkm/master";
    private static final String PROMPT = ScriptRunner.PROMPT;
    private static final List<String> SHIPPED = List.of("aic7xxx", "e100", "nfshaper", "vmklinux");
    /** How the launcher reports the start race of a Gogo bundle; see {@link Verified#assertCommandsSucceeded()}. */
    private static final String GOGO_START_RACE = "dlkm: cannot start bundle org.apache.felix.gogo.";
    private static final String LOAD_UNLOAD_DELETE = "kmadmin -L nfshaper; kmadmin -U nfshaper; kminstall -d nfshaper";

    @TempDir
    static Path scratch;

    private static Path shipped;
    /** nfshaper padded to tens of MB, and a second version of it with another master file. */
    private static Path nfshaperA;
    private static Path nfshaperB;
    private static int kills;
    private static Random random;
    private static int homes;

    @BeforeAll
    static void largeModuleJars() throws IOException {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        random = new Random(seed);
        kills = Integer.getInteger(KILLS_PROPERTY, DEFAULT_KILLS);
        System.out.println("CatalogCrashIT: " + kills + " kills per operation, -D" + SEED_PROPERTY + "=" + seed);
        shipped = CrashProcess.distribution().resolve("modules");
        nfshaperA = padded(shipped.resolve("nfshaper.jar"), scratch.resolve("nfshaper-a.jar"), "", 1);
        nfshaperB = padded(shipped.resolve("nfshaper.jar"), scratch.resolve("nfshaper-b.jar"),
                "* nfshaper, version B: the same module with another master file\n", 2);
    }

    @Test
    void kminstallUpdateKilledAnywhereLeavesEachModuleAllOldOrAllNew() throws Exception {
        String updates = "kminstall -u " + nfshaperB + "; kminstall -u " + nfshaperA + "; kminstall -u " + nfshaperB;
        String trigger = PROMPT + "kminstall -u";
        Campaign campaign = new Campaign("kminstall -u", () -> {
            Path home = newHome("update");
            expectSuccess(home, "kminstall -u " + nfshaperA);
            return home;
        });
        long window = calibrate(campaign.home(), updates, trigger);
        campaign.run(home -> {
            campaign.killDuring(home, "", updates, trigger, window);
            Verified v = campaign.verify(home, "kmsystem; kmadmin -S; cat /proc/vmware/log; kmadmin -L nfshaper;"
                    + " kmadmin -U nfshaper");
            v.assertCommandsSucceeded();
            assertEquals(SHIPPED, registered(v), v.describe());
            byte[] image = Files.readAllBytes(home.resolve("stand/dlkm/mod.d/nfshaper.jar"));
            assertTrue(Arrays.equals(image, Files.readAllBytes(nfshaperA))
                    || Arrays.equals(image, Files.readAllBytes(nfshaperB)),
                    "the image of nfshaper is neither the old nor the new one\n" + v.describe());
        });
    }

    @Test
    void kminstallAddKilledAnywhereLeavesTheModuleWhollyRegisteredOrAbsent() throws Exception {
        String adds = "kminstall -a " + nfshaperA + "; kminstall -d nfshaper; kminstall -a " + nfshaperA;
        String trigger = PROMPT + "kminstall -a";
        Campaign campaign = new Campaign("kminstall -a", () -> {
            Path home = newHome("add");
            expectSuccess(home, "kminstall -d nfshaper");
            return home;
        });
        long window = calibrate(campaign.home(), adds, trigger);
        expectSuccess(campaign.home(), "kminstall -d nfshaper");
        campaign.run(home -> {
            // a module the last kill left registered is loaded, unloaded and deleted first, in the same process
            boolean registeredBefore = Files.exists(home.resolve("stand/dlkm/mod.d/nfshaper.jar"));
            CrashProcess killed = campaign.killDuring(home, registeredBefore ? LOAD_UNLOAD_DELETE : "", adds, trigger,
                    window);
            if (registeredBefore) {
                assertLoadedUnloadedDeleted(killed.stdout() + killed.stderr());
            }
            Verified v = campaign.verify(home, "kmsystem; kmadmin -S; cat /proc/vmware/log");
            v.assertCommandsSucceeded();
            List<String> names = registered(v);
            if (names.contains("nfshaper")) {
                assertEquals(SHIPPED, names, v.describe());
                assertArrayEquals(Files.readAllBytes(nfshaperA),
                        Files.readAllBytes(home.resolve("stand/dlkm/mod.d/nfshaper.jar")), v.describe());
            } else {
                assertEquals(List.of("aic7xxx", "e100", "vmklinux"), names, v.describe());
                for (Path leftover : List.of(home.resolve("usr/conf/master.d/nfshaper"),
                        home.resolve("stand/system.d/nfshaper"), home.resolve("stand/dlkm/mod.d/nfshaper.jar"))) {
                    assertFalse(Files.exists(leftover), leftover + " is left without a registered module\n"
                            + v.describe());
                }
            }
        });
        if (Files.exists(campaign.home().resolve("stand/dlkm/mod.d/nfshaper.jar"))) {
            CrashProcess last = CrashProcess.start(campaign.home(), "-c", LOAD_UNLOAD_DELETE);
            assertEquals(0, last.waitFor(TIMEOUT_SECONDS), last.stdout() + last.stderr());
            assertLoadedUnloadedDeleted(last.stdout());
        }
    }

    private static void assertLoadedUnloadedDeleted(String output) {
        assertTrue(output.contains("Module nfshaper loaded, ID = ") && output.contains("Module nfshaper unloaded")
                && output.contains("Module nfshaper deleted"), "a module registered by a kminstall -a that was killed,"
                + " the registration completed at boot, cannot be loaded, unloaded and deleted:\n" + output);
    }

    @Test
    void kmsystemKilledAnywhereLeavesTheOldOrTheNewSystemFileAndNoTemporaryFile() throws Exception {
        StringBuilder flips = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            flips.append(i == 0 ? "" : "; ").append("kmsystem -l N nfshaper; kmsystem -l Y nfshaper");
        }
        String trigger = PROMPT + "kmsystem -l";
        Campaign campaign = new Campaign("kmsystem -l", () -> newHome("kmsystem"));
        long window = calibrate(campaign.home(), flips.toString(), trigger);
        campaign.run(home -> {
            campaign.killDuring(home, "", flips.toString(), trigger, window);
            Verified v = campaign.verify(home, "kmsystem; cat /proc/vmware/log");
            v.assertCommandsSucceeded();
            assertEquals(SHIPPED, registered(v), v.describe());
            String system = Files.readString(home.resolve("stand/system.d/nfshaper"), StandardCharsets.UTF_8);
            String flag = system.contains("$LOADABLE\nN\n") ? "N" : system.contains("$LOADABLE\nY\n") ? "Y" : null;
            assertNotNull(flag, "the system file of nfshaper is neither the old nor the new one:\n" + system);
            assertTrue(v.stdout().contains(String.format("%-15s %-12s %s", "nfshaper", "Y", flag)), v.describe());
        });
    }

    @Test
    void firstBootKilledAnywhereIsCompletedByTheNextBoot() throws Exception {
        Path calibration = newHome("first-boot");
        CrashProcess run = CrashProcess.start(calibration, "-x", "-c", "kmsystem");
        long catalogAppeared = awaitCondition(run, () -> catalogStarted(calibration));
        CrashProcess.Line booted = run.awaitLine(PROMPT + "kmsystem", TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertEquals(0, run.waitFor(TIMEOUT_SECONDS), run.stderr());
        assertNotNull(booted, run.stdout());
        long wholeBoot = TimeUnit.NANOSECONDS.toMillis(booted.nanos() - run.started());
        long registration = TimeUnit.NANOSECONDS.toMillis(booted.nanos() - catalogAppeared);

        Campaign campaign = new Campaign("first boot", () -> newHome("first-boot"));
        int[] kill = {0};
        campaign.run(home -> {
            CrashProcess killed = CrashProcess.start(home, "-x", "-c", "kmsystem");
            long delay;
            boolean anywhere = kill[0]++ % 2 == 0;
            if (anywhere) {
                // anywhere in the boot: the launcher's copies into the module directory, the registration, the rest
                delay = randomMillis(wholeBoot);
                sleepUntil(killed.started() + TimeUnit.MILLISECONDS.toNanos(delay));
            } else {
                // from the moment the catalog's first directory appears: the registration itself
                long appeared = awaitCondition(killed, () -> catalogStarted(home));
                delay = randomMillis(registration);
                sleepUntil(appeared + TimeUnit.MILLISECONDS.toNanos(delay));
            }
            killed.kill();
            campaign.killed(home, (anywhere ? "boot start" : "catalog directory") + " +" + delay + " ms");
            Verified v = campaign.verify(home, "kmsystem; cat /proc/vmware/log; kmadmin -L e100; kmadmin -U e100;"
                    + " kmadmin -U vmklinux");
            v.assertCommandsSucceeded();
            assertEquals(SHIPPED, registered(v), v.describe());
            for (String module : SHIPPED) {
                assertArrayEquals(Files.readAllBytes(shipped.resolve(module + ".jar")),
                        Files.readAllBytes(home.resolve("stand/dlkm/mod.d/" + module + ".jar")), module);
            }
        }, true);
    }

    /** One kill and its check, on a kernel home. */
    @FunctionalInterface
    private interface Kill {
        void run(Path home) throws Exception;
    }

    /** Prepares a kernel home for a campaign. */
    @FunctionalInterface
    private interface HomeSetup {
        Path prepare() throws Exception;
    }

    /**
     * The kills of one operation, with what each left behind and what the next boot said of it. A kill whose check
     * fails is recorded and the campaign goes on with a new kernel home, so that one run counts every failure; the
     * campaign fails at its end, listing them.
     */
    private static final class Campaign {
        private final String operation;
        private final HomeSetup setup;
        private final List<String> lines = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private String firstFailure;
        private Path home;
        private List<Path> debris = List.of();
        private String killedAt = "";
        private int withDebris;

        Campaign(String operation, HomeSetup setup) throws Exception {
            this.operation = operation;
            this.setup = setup;
            this.home = setup.prepare();
        }

        Path home() {
            return home;
        }

        /** Runs the kills on one kernel home, a new one after each failure. */
        void run(Kill kill) throws Exception {
            run(kill, false);
        }

        /** @param freshHomes whether each kill gets a new kernel home */
        void run(Kill kill, boolean freshHomes) throws Exception {
            for (int i = 0; i < kills; i++) {
                if (freshHomes && i > 0) {
                    home = setup.prepare();
                }
                debris = List.of();
                killedAt = "";
                try {
                    kill.run(home);
                } catch (AssertionError e) {
                    String first = String.valueOf(e.getMessage()).strip().split("\n", 2)[0];
                    failures.add("kill " + (i + 1) + ", at " + killedAt + ", leaving " + names(debris) + ": " + first);
                    if (firstFailure == null) {
                        firstFailure = e.getMessage();
                    }
                    home = setup.prepare();
                }
            }
            System.out.println("CatalogCrashIT " + operation + ": " + kills + " kills, " + withDebris
                    + " left files for the boot-time check, " + failures.size() + " failed");
            lines.forEach(System.out::println);
            failures.forEach(f -> System.out.println("  FAILED " + f));
            if (!failures.isEmpty()) {
                fail(operation + ": " + failures.size() + " of " + kills + " kills left a kernel home the next boot"
                        + " did not make whole:\n  " + String.join("\n  ", failures) + "\nThe first in full:\n"
                        + firstFailure);
            }
        }

        /**
         * Runs {@code prefix} and then {@code script}, and kills the process a random time within {@code window}
         * after the first line of standard output that starts with {@code trigger}.
         */
        CrashProcess killDuring(Path home, String prefix, String script, String trigger, long window)
                throws IOException, InterruptedException {
            CrashProcess process = CrashProcess.start(home, "-x", "-c", prefix.isEmpty() ? script : prefix + "; " + script);
            CrashProcess.Line start = process.awaitLine(trigger, TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            if (start == null) {
                process.kill();
                fail(operation + ": the script never reached '" + trigger + "':\n" + process.stdout()
                        + process.stderr());
            }
            long delay = randomMillis(window);
            sleepUntil(start.nanos() + TimeUnit.MILLISECONDS.toNanos(delay));
            process.kill();
            killed(home, "'" + trigger + "' +" + delay + " ms");
            return process;
        }

        void killed(Path home, String when) throws IOException {
            debris = debris(home);
            killedAt = when;
            if (!debris.isEmpty()) {
                withDebris++;
            }
        }

        /** Boots the home again with a script; checks the home and the check's report. */
        Verified verify(Path home, String script) throws IOException, InterruptedException {
            CrashProcess process = CrashProcess.start(home, "-c", script);
            int status = process.waitFor(TIMEOUT_SECONDS);
            Verified v = new Verified(operation + ", killed at " + killedAt, status, process.stdout(),
                    process.stderr(), debris);
            List<String> said = v.checkLines();
            lines.add("  killed at " + killedAt + ": left " + names(debris) + "; the next boot said " + said);
            assertConsistent(home, v);
            for (Path leftover : debris) {
                assertTrue(said.stream().anyMatch(line -> line.contains(leftover.getFileName().toString())),
                        "the boot-time check did not report what it did with " + leftover + "\n" + v.describe());
            }
            for (String line : said) {
                assertTrue(v.stdout().contains(line), "the check's report '" + line + "' is not in /proc/vmware/log\n"
                        + v.describe());
            }
            assertFalse(v.stdout().contains("no such module registered") || v.stderr().contains("no such module"
                    + " registered"), v.describe());
            return v;
        }
    }

    /** What a boot after a kill printed, and what the kill had left. */
    private record Verified(String what, int status, String stdout, String stderr, List<Path> debris) {
        /** @return the boot-time check's lines on standard error, without their prefix */
        List<String> checkLines() {
            List<String> said = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.startsWith("kminit: ")) {
                    said.add(line.substring("kminit: ".length()));
                }
            }
            return said;
        }

        String describe() {
            return what + "; it left " + names(debris) + "\n--- the next boot's standard output:\n" + stdout
                    + "--- its standard error:\n" + stderr;
        }

        /**
         * Checks that every command of the script succeeded. One failure is not the catalog's and is let through:
         * with a statically configured module loaded at boot, a Gogo bundle sometimes fails to resolve as the
         * framework starts (a race in the launcher's start, seen with and without the journal), and the launcher
         * then exits 1 although every command ran and succeeded.
         */
        void assertCommandsSucceeded() {
            if (status == 0) {
                return;
            }
            for (String line : stderr.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("kminit: ") && !line.startsWith(GOGO_START_RACE)) {
                    fail("a command failed (exit status " + status + "): " + line + "\n" + describe());
                }
            }
            assertTrue(stderr.contains(GOGO_START_RACE), "exit status " + status + "\n" + describe());
            System.out.println("  (let through: " + stderr.lines().filter(l -> l.startsWith(GOGO_START_RACE))
                    .findFirst().orElse("") + ")");
        }
    }

    /**
     * Checks the kernel home on disk: every image has its master file (the image's own) and a system file, its static
     * tunables' values (if any) name it, every master and system file has its image, and no temporary, staged or
     * journal file is left.
     */
    private static void assertConsistent(Path home, Verified v) throws IOException {
        Path images = home.resolve("stand/dlkm/mod.d");
        Path masters = home.resolve("usr/conf/master.d");
        Path systems = home.resolve("stand/system.d");
        TreeSet<String> withImage = new TreeSet<>();
        for (Path image : list(images)) {
            String file = image.getFileName().toString();
            if (file.endsWith(".tunables")) {
                assertTunablesOfTheirImage(image, images.resolve(file.replace(".tunables", ".jar")), v);
                continue;
            }
            if (file.endsWith(".origin")) {
                Path of = images.resolve(file.replace(".origin", ".jar"));
                assertTrue(Files.isRegularFile(of), image + " is the origin of no image\n" + v.describe());
                String origin = Files.readString(image, StandardCharsets.UTF_8);
                assertTrue(origin.matches("(SHIPPED|KMINSTALL|HOT_DEPLOYMENT)\t[^\n]+\n"), image
                        + " is not a whole origin: " + origin + "\n" + v.describe());
                continue;
            }
            assertTrue(file.endsWith(".jar"), image + " is not a module image\n" + v.describe());
            String name = file.substring(0, file.length() - 4);
            withImage.add(name);
            Path master = masters.resolve(name);
            assertTrue(Files.isRegularFile(master), image + " has no master file " + master + "\n" + v.describe());
            assertArrayEquals(masterOf(image), Files.readAllBytes(master), master + " is not the master file of "
                    + image + " (an image and a master file of different versions)\n" + v.describe());
            String system = Files.readString(systems.resolve(name), StandardCharsets.UTF_8);
            assertTrue(system.contains("$VERSION") && system.contains("$CONFIGURE"), systems.resolve(name)
                    + " is not a whole system file:\n" + system + "\n" + v.describe());
        }
        for (Path dir : List.of(masters, systems)) {
            for (Path file : list(dir)) {
                if (dir.equals(masters) && file.getFileName().toString().equals("core-hpux")) {
                    continue; // the kernel's own master file (its tunables), no module's
                }
                assertTrue(withImage.contains(file.getFileName().toString()), file + " has no image in " + images
                        + "\n" + v.describe());
            }
        }
        assertEquals(List.of(), debris(home), "files the boot-time check should have removed\n" + v.describe());
    }

    /**
     * The values of a module's static tunables registered with its image name that image by its SHA-256: they were
     * changed with it, in the same transaction.
     */
    private static void assertTunablesOfTheirImage(Path values, Path image, Verified v) throws IOException {
        assertTrue(Files.isRegularFile(image), values + " has no image " + image + "\n" + v.describe());
        String text = Files.readString(values, StandardCharsets.UTF_8);
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(image)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(text.contains("\nimage sha256:" + sha + "\n"), values + " belongs to another image than " + image
                + ":\n" + text + "\n" + v.describe());
    }

    /**
     * Leftovers of an interrupted write: hidden files (temporary and staged files are hidden) in the directories
     * the kernel writes, and the catalog's journal and first-boot record.
     */
    private static List<Path> debris(Path home) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String dir : List.of("stand", "stand/dlkm", "stand/dlkm/mod.d", "stand/system.d", "usr/conf/master.d",
                "vmkmod", "etc")) {
            for (Path file : listAll(home.resolve(dir))) {
                String name = file.getFileName().toString();
                boolean shippedRecord = dir.equals("vmkmod") && name.equals(".shipped"); // the launcher's, kept
                if (Files.isRegularFile(file) && !shippedRecord && (name.startsWith(".") || name.endsWith(".journal")
                        || name.endsWith(".pending"))) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }

    /** @return the visible files of a directory, by name; none if it does not exist */
    private static List<Path> list(Path dir) throws IOException {
        return listAll(dir).stream().filter(f -> !f.getFileName().toString().startsWith(".")).toList();
    }

    private static List<Path> listAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static byte[] masterOf(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry(MASTER_ENTRY))) {
            return in.readAllBytes();
        }
    }

    /** @return the modules {@code kmsystem} listed */
    private static List<String> registered(Verified v) {
        return KmsystemListing.modules(v.stdout());
    }

    private static Path newHome(String what) throws IOException {
        return Files.createDirectories(scratch.resolve(what + "-" + (++homes))).resolve("var");
    }

    private static void expectSuccess(Path home, String script) throws IOException, InterruptedException {
        CrashProcess process = CrashProcess.start(home, "-c", script);
        assertEquals(0, process.waitFor(TIMEOUT_SECONDS), script + ":\n" + process.stdout() + process.stderr());
    }

    /**
     * Runs a script to its end once and measures its operations: from the first line that starts with
     * {@code trigger} to the last line printed.
     *
     * @return the milliseconds a kill may land in
     */
    private static long calibrate(Path home, String script, String trigger) throws IOException, InterruptedException {
        CrashProcess process = CrashProcess.start(home, "-x", "-c", script);
        assertEquals(0, process.waitFor(TIMEOUT_SECONDS), script + ":\n" + process.stdout() + process.stderr());
        CrashProcess.Line start = process.awaitLine(trigger, 0);
        assertNotNull(start, process.stdout());
        List<CrashProcess.Line> lines = process.lines();
        long end = lines.get(lines.size() - 1).nanos();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - start.nanos()));
    }

    /** @return whether the first boot's registration has begun: the catalog's first directory exists */
    private static boolean catalogStarted(Path home) {
        return Files.exists(home.resolve("stand/dlkm/mod.d")) || Files.exists(home.resolve("stand/system.d"));
    }

    /** Polls a condition every millisecond while the process runs; @return when it held, in nanoseconds */
    private static long awaitCondition(CrashProcess process, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the condition never held; the process printed:\n" + process.stdout());
            }
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    private static long randomMillis(long window) {
        synchronized (random) {
            return (long) (random.nextDouble() * window);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /**
     * Writes a copy of a module jar with an incompressible padding entry, stored, so that the jar is tens of MB, and
     * optionally a line put before its master file.
     */
    private static Path padded(Path jar, Path to, String masterPrefix, long seed) throws IOException {
        byte[] padding = new byte[PADDING_BYTES];
        new Random(seed).nextBytes(padding);
        try (JarFile in = new JarFile(jar.toFile()); OutputStream file = Files.newOutputStream(to);
                JarOutputStream out = new JarOutputStream(file, in.getManifest())) {
            for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                byte[] content;
                try (InputStream stream = in.getInputStream(entry)) {
                    content = stream.readAllBytes();
                }
                if (entry.getName().equals(MASTER_ENTRY)) {
                    content = (masterPrefix + new String(content, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
            ZipEntry pad = new ZipEntry("padding/noise.bin");
            pad.setMethod(ZipEntry.STORED);
            pad.setSize(padding.length);
            pad.setCompressedSize(padding.length);
            CRC32 crc = new CRC32();
            crc.update(padding);
            pad.setCrc(crc.getValue());
            out.putNextEntry(pad);
            out.write(padding);
            out.closeEntry();
        }
        return to;
    }
}
