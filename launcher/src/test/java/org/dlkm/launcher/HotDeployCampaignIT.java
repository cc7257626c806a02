package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot deployment's fault campaigns (issue 13), with real processes: a {@code dlkm --daemon} on a fresh kernel home
 * polls its module directory every {@value #POLL_MILLIS} ms; the test writes files into {@code <home>/vmkmod} as an
 * administrator's {@code cp} and {@code mv} do, drives the kernel with {@code dlkm -c} attached to it, and checks what
 * an administrator sees: {@code kmsystem}, {@code kmadmin}, {@code lb}, {@code /proc/vmware/log} and the console log.
 * <ul>
 * <li>partial copies (jars written in chunks with pauses longer than the poll, and one truncated for good) and
 * corrupt jars: no bad install, each complete copy registered whole, each file that is no module refused once;</li>
 * <li>ten replacements of a loaded module within a second: the last one wins, one reload;</li>
 * <li>{@code mv} (atomic) and {@code cp} (not) both deploy a new module;</li>
 * <li>a jar deleted and copied back while its module is loaded: the module stays registered and loaded;</li>
 * <li>{@code kill -9} during a hot update: the next boot has the old or the new image, whole, and the module loads.</li>
 * </ul>
 *
 * <p>System properties (passed through by the launcher's failsafe configuration): {@value #COPIES_PROPERTY}, the
 * partial copies (default {@value #DEFAULT_COPIES}); {@value #CORRUPT_PROPERTY}, the corrupt jars (default
 * {@value #DEFAULT_CORRUPT}); {@value #KILLS_PROPERTY}, the kills during a hot update (default
 * {@value #DEFAULT_KILLS}; a campaign is {@code mvn verify -Ddlkm.deploy.campaign.kills=50});
 * {@value #SEED_PROPERTY}, the random seed, printed at the start, to replay a run.
 *
 * <p>Why this class is large: each of the campaigns is a test of its own here, with what it asserts an
 * administrator sees; the daemon and the jar variants are classes of their own ({@link DeployingDaemon},
 * {@link ModuleJarVariants}).
 */
class HotDeployCampaignIT {
    static final String COPIES_PROPERTY = "dlkm.deploy.campaign.copies";
    static final String CORRUPT_PROPERTY = "dlkm.deploy.campaign.corrupt";
    static final String KILLS_PROPERTY = "dlkm.deploy.campaign.kills";
    static final String SEED_PROPERTY = "dlkm.deploy.campaign.seed";
    static final int DEFAULT_COPIES = 100;
    static final int DEFAULT_CORRUPT = 100;
    static final int DEFAULT_KILLS = 3;
    /** FileInstall's poll interval for the daemon: short, so that a campaign is quick. */
    static final int POLL_MILLIS = 200;
    /** The chunks a slow copy is written in. */
    private static final int CHUNKS = 3;
    private static final List<String> SHIPPED = List.of("aic7xxx", "e100", "nfshaper", "vmklinux");
    private static final Pattern MODULE_ID = Pattern.compile("(?m)^Module ID\\s+(\\d+)$");

    @TempDir
    Path scratch;

    private DeployingDaemon daemon;
    private ModuleJarVariants jars;
    private Random random;

    @BeforeEach
    void startTheDaemon() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        random = new Random(seed);
        System.out.println("HotDeployCampaignIT: -D" + SEED_PROPERTY + "=" + seed);
        jars = new ModuleJarVariants(CrashProcess.distribution().resolve("modules/nfshaper.jar"));
        daemon = DeployingDaemon.start(scratch.resolve("var"), POLL_MILLIS);
    }

    @AfterEach
    void stopTheDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /**
     * The "100 partial copies (a jar written in slow chunks, and one truncated for good)": each copy is a
     * module of its own, written in {@value #CHUNKS} chunks with pauses of two poll intervals between them, so that
     * FileInstall hands each part over as a file that stays unchanged; every complete copy ends registered, whole,
     * without a refusal, and the copy truncated for good is refused once, on the console and in
     * {@code /proc/vmware/log}.
     */
    @Test
    void slowCopiesAreRegisteredWholeWhenCompleteAndACopyTruncatedForGoodIsRefusedOnce() throws Exception {
        int copies = Integer.getInteger(COPIES_PROPERTY, DEFAULT_COPIES);
        Map<String, byte[]> complete = new LinkedHashMap<>();
        for (int i = 0; i < copies; i++) {
            String name = String.format("slow%03d", i);
            complete.put(name, jars.renamed(name));
        }
        byte[] cutWhole = jars.renamed("cut");
        byte[] cut = Arrays.copyOf(cutWhole, cutWhole.length / 2);

        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            for (Map.Entry<String, byte[]> copy : complete.entrySet()) {
                append(jar(copy.getKey()), part(copy.getValue(), chunk));
            }
            if (chunk == 0) {
                Files.write(jar("cut"), cut);
            }
            daemon.sleepPolls(2);
        }

        DeployingDaemon.Run listed = daemon.await("kmsystem", run -> registered(run).containsAll(complete.keySet()),
                60 + copies / 2, "the complete copies were not all registered");
        assertFalse(registered(listed).contains("cut"), listed.describe());
        String refusal = jar("cut") + ": not deployed: ";
        daemon.await("cat /proc/vmware/log", run -> run.count(refusal) > 0, 30, "the copy truncated for good was"
                + " not refused");
        daemon.sleepPolls(10);

        DeployingDaemon.Run seen = daemon.expect("kmsystem; lb; cat /proc/vmware/log");
        String console = daemon.console();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, byte[]> copy : complete.entrySet()) {
            String file = jar(copy.getKey()).toString();
            long registrations = seen.count(file + ": registered module " + copy.getKey() + " (as kminstall -a)");
            long refusals = seen.count(file + ": not deployed: ");
            long consoleRefusals = console.lines().filter(l -> l.contains(file + ": not deployed: ")).count();
            byte[] image = Files.readAllBytes(daemon.home().resolve("stand/dlkm/mod.d/" + copy.getKey() + ".jar"));
            if (registrations != 1 || refusals != 0 || consoleRefusals != 0 || !Arrays.equals(image, copy.getValue())) {
                wrong.add(copy.getKey() + ": registered " + registrations + " times, refused " + refusals
                        + " times in /proc/vmware/log and " + consoleRefusals + " times on the console, image "
                        + (Arrays.equals(image, copy.getValue()) ? "whole" : "NOT the complete jar"));
            }
        }
        assertEquals(List.of(), wrong, "complete copies deployed wrongly (" + wrong.size() + " of " + copies + ")\n"
                + console);
        assertEquals(1, seen.count(refusal), seen.describe());
        assertEquals(1, daemon.consoleCount("deploy: " + refusal), console);
        assertNoBundleOf(seen, "dlkm test");
    }

    /**
     * The "100 corrupt jars": random bytes, jars naming a module wrapper without a master file, and plain
     * OSGi bundles, each written whole at once. Each is refused exactly once, on the console and in
     * {@code /proc/vmware/log}; nothing is registered, and none is installed as a bundle.
     */
    @Test
    void corruptJarsAreEachRefusedOnceAndNeitherRegisteredNorInstalledAsBundles() throws Exception {
        int corrupt = Integer.getInteger(CORRUPT_PROPERTY, DEFAULT_CORRUPT);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < corrupt; i++) {
            String name = String.format("corrupt%03d", i);
            byte[] bytes = switch (i % 3) {
                case 0 -> ModuleJarVariants.randomBytes(random, 1 + random.nextInt(64 << 10));
                case 1 -> jars.withoutMasterFile(name);
                default -> ModuleJarVariants.plainBundle(name);
            };
            Files.write(jar(name), bytes);
            names.add(name);
        }

        daemon.await("cat /proc/vmware/log", run -> run.count(": not deployed: ") >= corrupt, 60, "the corrupt jars"
                + " were not all refused");
        daemon.sleepPolls(10);

        DeployingDaemon.Run seen = daemon.expect("kmsystem; lb; cat /proc/vmware/log");
        String console = daemon.console();
        List<String> wrong = new ArrayList<>();
        for (String name : names) {
            String refusal = jar(name) + ": not deployed: ";
            long logged = seen.count(refusal);
            long said = console.lines().filter(l -> l.startsWith("deploy: " + refusal)).count();
            if (logged != 1 || said != 1) {
                wrong.add(name + ": refused " + logged + " times in /proc/vmware/log, " + said + " on the console");
            }
        }
        assertEquals(List.of(), wrong, console);
        assertEquals(SHIPPED, registered(seen), seen.describe());
        assertEquals(0, seen.count("registered module"), seen.describe());
        assertNoBundleOf(seen, "dlkm test");
    }

    /**
     * The "ten replacements of one loaded module within a second: the last one wins, one reload, no refresh
     * storm": ten versions of nfshaper copied over its jar about 90 ms apart while it is loaded.
     */
    @Test
    void tenReplacementsOfALoadedModuleWithinASecondReloadItOnceOnTheLast() throws Exception {
        DeployingDaemon.Run loaded = daemon.expect("kmadmin -L nfshaper; kmadmin -Q nfshaper");
        int before = moduleId(loaded);
        List<Path> versions = new ArrayList<>();
        for (int v = 1; v <= 10; v++) {
            Path version = scratch.resolve("nfshaper-" + v + ".jar");
            Files.write(version, jars.version("nfshaper, replacement " + v));
            versions.add(version);
        }

        long start = System.nanoTime();
        for (Path version : versions) {
            Files.copy(version, jar("nfshaper"), StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(90);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 1_100, "the ten copies took " + took + " ms");

        String reload = "kmupdate: reloaded nfshaper on its new image";
        daemon.await("cat /proc/vmware/log", run -> run.count(reload) > 0, 30, "nfshaper was not reloaded");
        daemon.sleepPolls(10);

        DeployingDaemon.Run seen = daemon.expect("kmadmin -Q nfshaper; lb; cat /proc/vmware/log");
        assertEquals(1, seen.count(reload), seen.describe());
        assertEquals(1, seen.count(jar("nfshaper") + ": registered the new image of loaded module nfshaper"),
                seen.describe());
        assertEquals(0, seen.count(": not deployed: "), seen.describe());
        assertArrayEquals(Files.readAllBytes(versions.get(9)), registeredImage("nfshaper"), "the last copy did not"
                + " win\n" + seen.describe());
        assertTrue(seen.stdout().contains("Status                  LOADED"), seen.describe());
        assertNotEquals(before, moduleId(seen), "nfshaper was not reloaded\n" + seen.describe());
        assertEquals(1, seen.count("|dlkm nfshaper ("), "one bundle of nfshaper, no refresh storm\n"
                + seen.describe());
    }

    /**
     * The "{@code mv} (atomic) and {@code cp} (not) both work": one new module renamed into the directory
     * from a name FileInstall does not watch, one copied in two halves with half a poll interval between them.
     */
    @Test
    void aModuleMovedInAtomicallyAndOneCopiedInPiecesAreBothRegisteredAndLoad() throws Exception {
        Path staging = daemon.modules().resolve("moved.jar.part");
        Files.write(staging, jars.renamed("moved"));
        Files.move(staging, jar("moved"), StandardCopyOption.ATOMIC_MOVE);

        byte[] copied = jars.renamed("copied");
        try (OutputStream out = Files.newOutputStream(jar("copied"))) {
            out.write(copied, 0, copied.length / 2);
            out.flush();
            Thread.sleep(POLL_MILLIS / 2);
            out.write(copied, copied.length / 2, copied.length - copied.length / 2);
        }

        daemon.await("kmsystem", run -> registered(run).containsAll(List.of("moved", "copied")), 30,
                "the moved and the copied module were not both registered");
        DeployingDaemon.Run seen = daemon.expect("kmadmin -L moved; kmadmin -U moved; kmadmin -L copied;"
                + " kmadmin -U copied; cat /proc/vmware/log");
        assertEquals(1, seen.count(jar("moved") + ": registered module moved (as kminstall -a)"), seen.describe());
        assertEquals(1, seen.count(jar("copied") + ": registered module copied (as kminstall -a)"), seen.describe());
        assertEquals(0, seen.count(": not deployed: "), seen.describe());
        assertArrayEquals(copied, registeredImage("copied"));
    }

    /**
     * The "a jar deleted and copied back while loaded": the module stays registered and loaded; the identical
     * jar back changes nothing (no reload), and the module unloads later without being withdrawn.
     */
    @Test
    void aJarDeletedAndCopiedBackWhileItsModuleIsLoadedLeavesItRegisteredAndLoaded() throws Exception {
        int id = moduleId(daemon.expect("kmadmin -L nfshaper; kmadmin -Q nfshaper"));
        byte[] shipped = Files.readAllBytes(jar("nfshaper"));
        Files.delete(jar("nfshaper"));

        String deleted = jar("nfshaper") + " was deleted";
        DeployingDaemon.Run gone = daemon.await("kmadmin -Q nfshaper; kmsystem; cat /proc/vmware/log",
                run -> run.count(deleted) > 0, 30, "the deletion was not seen");
        assertEquals(id, moduleId(gone), gone.describe());
        assertTrue(registered(gone).contains("nfshaper"), gone.describe());

        Path back = daemon.modules().resolve("nfshaper.jar.part");
        Files.write(back, shipped);
        Files.move(back, jar("nfshaper"), StandardCopyOption.ATOMIC_MOVE);
        daemon.sleepPolls(10);

        DeployingDaemon.Run seen = daemon.expect("kmadmin -Q nfshaper; cat /proc/vmware/log");
        assertEquals(id, moduleId(seen), "the identical jar reloaded the module\n" + seen.describe());
        assertTrue(seen.stdout().contains("Status                  LOADED"), seen.describe());
        assertFalse(seen.stdout().contains("Pending Removal"), seen.describe());
        assertEquals(0, seen.count("registered the new image"), seen.describe());
        assertEquals(0, seen.count(": not deployed: "), seen.describe());
        assertArrayEquals(shipped, registeredImage("nfshaper"));

        daemon.expect("kmadmin -U nfshaper");
        daemon.sleepPolls(5);
        DeployingDaemon.Run after = daemon.expect("kmsystem; kmadmin -L nfshaper; cat /proc/vmware/log");
        assertTrue(registered(after).contains("nfshaper"), "the module copied back was withdrawn at its unload\n"
                + after.describe());
        assertEquals(0, after.count("withdrew module nfshaper"), after.describe());
    }

    /**
     * The "a kernel killed with {@code kill -9} during a hot update boots with either the old or the new
     * image, complete": a module deployed by a copy ({@code killmod}, not a shipped one: the launcher puts the
     * shipped jars back at each boot, see {@link #aHotDeployedReplacementOfAShippedModuleSurvivesARestart}) is
     * loaded; a new version is copied over its jar and the daemon killed a random time within the update's window,
     * then booted again on the same home, first with hot deployment off: its registered image is the old or the new
     * jar, byte for byte, with that image's master file and a whole system file, no temporary file is left, and the
     * module loads on it; then as a daemon again, whose hot deployment brings the directory's jar in, and the module
     * loads on that.
     */
    @Test
    void aKernelKilledDuringAHotUpdateBootsWithTheOldOrTheNewImageWhole() throws Exception {
        int kills = Integer.getInteger(KILLS_PROPERTY, DEFAULT_KILLS);
        byte[] old = jars.renamed("killmod", "killmod, version 0");
        Files.write(jar("killmod"), old);
        awaitImage("killmod", old, "killmod was not deployed");
        daemon.expect("kmadmin -L killmod");
        // the window kills land in: from the copy to the end of the hot update (the record of what was deployed
        // names the new jar), measured once without a kill
        byte[] calibration = jars.renamed("killmod", "killmod, the calibration's version");
        long copied = System.nanoTime();
        Files.write(jar("killmod"), calibration);
        String recorded = sha256(calibration) + "\tkillmod\tkillmod.jar";
        while (!Files.readString(daemon.home().resolve("stand/dlkm/deployed")).contains(recorded)) {
            assertTrue(System.nanoTime() - copied < 30_000_000_000L, "the calibration's update did not end");
            Thread.sleep(2);
        }
        long window = (System.nanoTime() - copied) / 1_000_000;
        System.out.println("HotDeployCampaignIT: a hot update of a loaded module takes " + window + " ms from the"
                + " copy; kills land within that");
        old = calibration;
        int landedOld = 0;
        List<String> report = new ArrayList<>();
        List<String> leftovers = new ArrayList<>();
        for (int k = 1; k <= kills; k++) {
            byte[] next = jars.renamed("killmod", "killmod, version " + k + " of the kill campaign");
            Path version = scratch.resolve("killmod-" + k + ".jar");
            Files.write(version, next);
            long delay = (long) (random.nextDouble() * window);
            Files.copy(version, jar("killmod"), StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(delay);
            daemon.kill();
            String where = "kill " + k + " of " + kills + " at +" + delay + " ms after the copy";

            // first a kernel of its own with hot deployment off: what the boot made of the kill, not what hot
            // deployment does next; it loads the module on that image and unloads it
            CrashProcess check = CrashProcess.start(List.of("-Ddlkm.deploy=off"), daemon.home(), "-c",
                    "kmadmin -L killmod; kmadmin -Q killmod; kmadmin -U killmod");
            int status = check.waitFor(120);
            assertEquals(0, status, where + ": the module did not load on the image the boot found:\n"
                    + check.stdout() + check.stderr());
            assertTrue(check.stdout().contains("Status                  LOADED"), where + "\n" + check.stdout());
            byte[] image = registeredImage("killmod");
            boolean wasOld = Arrays.equals(image, old);
            assertTrue(wasOld || Arrays.equals(image, next), where + ": the registered image is neither the old nor"
                    + " the new jar");
            assertArrayEquals(masterOf(image), Files.readAllBytes(daemon.home().resolve("usr/conf/master.d/killmod")),
                    where + ": the master file is not the registered image's");
            String system = Files.readString(daemon.home().resolve("stand/system.d/killmod"), StandardCharsets.UTF_8);
            assertTrue(system.contains("$VERSION") && system.contains("$CONFIGURE"), where + ": " + system);
            // recorded, not asserted at once, so that every kill's other checks run
            temporaries(daemon.home()).forEach(file -> leftovers.add(where + ": " + file));

            daemon.boot();
            awaitImage("killmod", next, where + ": hot deployment did not bring the directory's jar in");
            DeployingDaemon.Run loaded = daemon.expect("kmadmin -L killmod; kmadmin -Q killmod");
            assertTrue(loaded.stdout().contains("Status                  LOADED"), where + "\n" + loaded.describe());
            landedOld += wasOld ? 1 : 0;
            report.add("  " + where + ": booted with the " + (wasOld ? "old" : "new") + " image");
            old = next;
        }
        System.out.println("HotDeployCampaignIT: " + kills + " kills during a hot update, " + landedOld
                + " booted with the old image, " + (kills - landedOld) + " with the new one");
        report.forEach(System.out::println);
        assertEquals(List.of(), leftovers, "boots after a kill left temporary files of the interrupted update");
    }

    /**
     * A new version of a shipped module, deployed by copying it over its jar in the module directory, is still the
     * registered image after the kernel restarts, and its jar is still the one in the directory: a restart
     * undeploys nothing.
     */
    @Test
    void aHotDeployedReplacementOfAShippedModuleSurvivesARestart() throws Exception {
        byte[] replacement = jars.version("nfshaper, an administrator's replacement");
        Files.write(jar("nfshaper"), replacement);
        awaitImage("nfshaper", replacement, "the replacement was not registered");

        daemon.close();
        daemon.boot();
        daemon.sleepPolls(10);

        DeployingDaemon.Run seen = daemon.expect("cat /proc/vmware/log");
        assertArrayEquals(replacement, Files.readAllBytes(jar("nfshaper")), "the replacement in the module directory"
                + " was overwritten at boot\n" + seen.describe());
        assertArrayEquals(replacement, registeredImage("nfshaper"), "the restart registered another image\n"
                + seen.describe());
    }

    /** Polls the registered image (every poll interval, at most 30 s) until it is the jar given. */
    private void awaitImage(String module, byte[] jar, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Arrays.equals(readImage(module), jar)) {
            assertTrue(System.nanoTime() < deadline, what + "; the console:\n" + daemon.console()
                    + daemon.run("cat /proc/vmware/log").stdout());
            daemon.sleepPolls(1);
        }
    }

    private Path jar(String module) {
        return daemon.modules().resolve(module + ".jar");
    }

    private byte[] registeredImage(String module) throws IOException {
        return Files.readAllBytes(daemon.home().resolve("stand/dlkm/mod.d/" + module + ".jar"));
    }

    private byte[] readImage(String module) {
        try {
            return registeredImage(module);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** @return the chunk of a copy written in {@value #CHUNKS} */
    private static byte[] part(byte[] whole, int chunk) {
        int from = whole.length * chunk / CHUNKS;
        int to = whole.length * (chunk + 1) / CHUNKS;
        return Arrays.copyOfRange(whole, from, to);
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** @return the modules {@code kmsystem} listed */
    private static List<String> registered(DeployingDaemon.Run run) {
        return KmsystemListing.modules(run.stdout());
    }

    private static int moduleId(DeployingDaemon.Run run) {
        Matcher m = MODULE_ID.matcher(run.stdout());
        assertTrue(m.find(), "no module ID in\n" + run.describe());
        return Integer.parseInt(m.group(1));
    }

    /** {@code lb} lists no bundle whose name contains the text. */
    private static void assertNoBundleOf(DeployingDaemon.Run run, String name) {
        assertEquals(List.of(), run.stdout().lines().filter(l -> l.matches("\\s*\\d+\\|.*") && l.contains(name))
                .toList(), "installed as bundles\n" + run.describe());
    }

    private static byte[] masterOf(byte[] jar) throws IOException {
        Path file = Files.createTempFile("master", ".jar");
        try {
            Files.write(file, jar);
            try (JarFile j = new JarFile(file.toFile());
                    InputStream in = j.getInputStream(j.getEntry(ModuleJarVariants.MASTER_ENTRY))) {
                return in.readAllBytes();
            }
        } finally {
            Files.delete(file);
        }
    }

    private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** @return the temporary and staged files and the journal under {@code stand/} */
    private static List<Path> temporaries(Path home) throws IOException {
        try (Stream<Path> all = Files.walk(home.resolve("stand"))) {
            return all.filter(p -> p.getFileName().toString().matches("\\..+\\.(tmp|staged)|catalog\\.journal"))
                    .toList();
        }
    }
}
