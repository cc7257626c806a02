package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts during a tuning, a kernel build and its install, with real processes: the packaged {@code dlkm} runs a
 * {@code kmtune -s} of a kernel and a module tunable in one command (one journaled change of two files), the seed's
 * procedure on a build system file ({@code system_prep}, {@code kmsystem -S}, {@code kmtune -S}, {@code mk_kernel},
 * {@code kmupdate}), a {@code kmtune -s} of {@code stand/system} while the update is pending (carried into the system
 * file the update installs) and {@code shutdown -r} (whose shutdown makes the kernel moves), and is killed
 * ({@link Process#destroyForcibly()}, SIGKILL) a random time into that. The next boot must run either the old kernel
 * (nfshaper static, {@code maxusers} 32) or the new one (vmklinux, e100, nfshaper, {@code maxusers} 64), complete:
 * {@code kmadmin -k} lists exactly one of the two, {@code kmtune} shows the kernel's {@code maxusers} as current and
 * as planned, {@code stand/system} is the file that kernel was built from (the old one, or the build's with e100 and
 * {@code maxusers 64}, the old one kept as {@code stand/system.prev}), an edit of {@code stand/system} made before
 * the moves is in the new {@code stand/system}, the first {@code kmtune} changed both its files or neither,
 * {@code stand/vmunix} is that kernel with its module set,
 * nothing says it failed to boot, and no temporary file and no moves journal is left.
 *
 * <p>System properties: {@value #KILLS_PROPERTY}, the number of kills (default {@value #DEFAULT_KILLS}; 50 or more
 * for a real campaign: {@code mvn verify -Ddlkm.crash.kernel.kills=50}); {@value #SEED_PROPERTY}, the random seed,
 * printed at the start, to replay a run.
 */
class KernelCrashIT {
    static final String KILLS_PROPERTY = "dlkm.crash.kernel.kills";
    static final String SEED_PROPERTY = "dlkm.crash.kernel.seed";
    static final int DEFAULT_KILLS = 4;

    private static final long TIMEOUT_SECONDS = 180;
    private static final String OLD = "nfshaper\n";
    private static final String NEW = "vmklinux\ne100\nnfshaper\n";
    private static final String BUILD_AND_INSTALL = "kmtune -s maxuprc=90 -s e100_watchdog_ms=500;"
            + " cd /stand/build; /usr/lbin/sysadm/system_prep -s system;"
            + " kmsystem -S /stand/build/system -c Y e100; kmtune -S /stand/build/system -s maxusers=64;"
            + " mk_kernel -s /stand/build/system; kmupdate; kmtune -s maxfiles_lim=2000; shutdown -r; kmadmin -k";
    private static final String TRIGGER = ScriptRunner.PROMPT + "kmtune -s maxuprc=90";
    /** How the launcher reports the start race of a Gogo bundle (see {@code CatalogCrashIT}). */
    private static final String GOGO_START_RACE = "dlkm: cannot start bundle org.apache.felix.gogo.";

    @TempDir
    Path scratch;

    @Test
    void aKillDuringMkKernelKmupdateOrTheShutdownMovesBootsTheOldOrTheNewKernelWhole() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        Random random = new Random(seed);
        int kills = Integer.getInteger(KILLS_PROPERTY, DEFAULT_KILLS);
        System.out.println("KernelCrashIT: " + kills + " kills, -D" + SEED_PROPERTY + "=" + seed);
        Path template = scratch.resolve("template/var");
        expect(template, "kmsystem -S /stand/system -c Y nfshaper; config -u /stand/system", null);
        expect(template, "kmadmin -k", OLD);

        Path calibration = copy(template, scratch.resolve("calibration/var"));
        CrashProcess whole = CrashProcess.start(calibration, "-x", "-c", BUILD_AND_INSTALL);
        assertCommandsSucceeded(whole.waitFor(TIMEOUT_SECONDS), whole);
        CrashProcess.Line start = whole.awaitLine(TRIGGER, 0);
        assertNotNull(start, whole.stdout());
        List<CrashProcess.Line> lines = whole.lines();
        long window = Math.max(1, TimeUnit.NANOSECONDS.toMillis(lines.get(lines.size() - 1).nanos() - start.nanos()));
        assertTrue(whole.stdout().endsWith(NEW), whole.stdout());

        int old = 0;
        List<String> report = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            Path home = copy(template, scratch.resolve("kill-" + i + "/var"));
            CrashProcess p = CrashProcess.start(home, "-x", "-c", BUILD_AND_INSTALL);
            CrashProcess.Line trigger = p.awaitLine(TRIGGER, TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            if (trigger == null) {
                p.kill();
                fail("the script never reached kmtune:\n" + p.stdout() + p.stderr());
            }
            // squared, so that kills land more often early, in kmtune, mk_kernel and kmupdate, which take less of the
            // window than the shutdown and the reboot
            double r = random.nextDouble();
            long delay = (long) (r * r * window);
            long left = trigger.nanos() + TimeUnit.MILLISECONDS.toNanos(delay) - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            p.kill();
            String said = p.stdout();
            String at = said.lines().filter(l -> l.startsWith(ScriptRunner.PROMPT)).reduce((a, b) -> b).orElse("");
            CrashProcess next = CrashProcess.start(home, "-c", "kmadmin -k; kmtune -q maxusers; cat /proc/vmware/log");
            assertCommandsSucceeded(next.waitFor(TIMEOUT_SECONDS), next);
            String out = next.stdout();
            String kernel = out.startsWith(NEW) ? NEW : out.startsWith(OLD) ? OLD : null;
            String where = "kill " + (i + 1) + " at +" + delay + " ms (last command: " + at + ")";
            assertNotNull(kernel, where + ": neither the old nor the new kernel booted:\n" + out + next.stderr());
            assertFalse(out.contains("failed to boot"), where + ":\n" + out);
            String current = kernel == NEW ? "64" : "32";
            assertTrue(out.contains("maxusers                     " + current + "  -  " + current),
                    where + ": maxusers is not the kernel's, or stand/system is not the kernel's:\n" + out);
            String system = Files.readString(home.resolve("stand/system"));
            assertEquals(kernel == NEW, system.contains("\ne100\n"), where + ": stand/system is not the file the"
                    + " kernel was built from:\n" + system);
            String before = system;
            if (kernel == NEW) {
                before = Files.readString(home.resolve("stand/system.prev"));
                assertFalse(before.contains("e100"), where + ": stand/system.prev:\n" + before);
                assertTrue(!before.contains("maxfiles_lim 2000") || system.contains("\nmaxfiles_lim 2000\n"),
                        where + ": the edit made before the moves was lost:\n" + system);
            } else {
                assertFalse(system.contains("maxfiles_lim"), where + ": kmtune ran before kmupdate's moves were"
                        + " recorded?\n" + system);
            }
            String e100 = Files.readString(home.resolve("stand/system.d/e100"));
            assertEquals(before.contains("\nmaxuprc 90\n"), e100.contains("\ne100_watchdog_ms 500\n"), where
                    + ": one kmtune of a kernel and a module tunable changed one system file and not the other:\n"
                    + before + "\n" + e100);
            assertEquals(kernel.strip().lines().toList(), staticModulesOf(home.resolve("stand/vmunix")), where);
            for (String m : kernel.strip().lines().toList()) {
                assertTrue(Files.isRegularFile(home.resolve("stand/dlkm/vmunix.d/" + m + ".jar")), where + ": " + m);
            }
            assertEquals(List.of(), temporaries(home), where);
            assertFalse(Files.exists(home.resolve("stand/kernel.moves")), where);
            old += kernel == OLD ? 1 : 0;
            report.add("  " + where + ": booted the " + (kernel == OLD ? "old" : "new") + " kernel");
        }
        System.out.println("KernelCrashIT: " + kills + " kills, " + old + " booted the old kernel, " + (kills - old)
                + " the new one");
        report.forEach(System.out::println);
    }

    /**
     * The next boot's commands all succeeded. As {@code CatalogCrashIT} does, the launcher's own start race of a
     * Gogo bundle ({@value #GOGO_START_RACE}...), which makes it exit 1 although every command ran, is let through
     * and said.
     */
    private static void assertCommandsSucceeded(int status, CrashProcess p) {
        if (status == 0) {
            return;
        }
        String stderr = p.stderr();
        for (String line : stderr.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("kminit: ") && !line.startsWith(GOGO_START_RACE)) {
                fail("a command failed (exit status " + status + "): " + line + "\n" + p.stdout() + stderr);
            }
        }
        assertTrue(stderr.contains(GOGO_START_RACE), "exit status " + status + "\n" + p.stdout() + stderr);
        System.out.println("  (let through: " + stderr.lines().filter(l -> l.startsWith(GOGO_START_RACE))
                .findFirst().orElse("") + ")");
    }

    private static void expect(Path home, String script, String stdout) throws Exception {
        CrashProcess p = CrashProcess.start(home, "-c", script);
        assertCommandsSucceeded(p.waitFor(TIMEOUT_SECONDS), p);
        if (stdout != null) {
            assertEquals(stdout, p.stdout(), script);
        }
    }

    private static List<String> staticModulesOf(Path kernel) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(kernel)) {
            if (line.contains(" sha256:")) {
                names.add(line.substring(0, line.indexOf(' ')));
            }
        }
        return names;
    }

    /** @return the temporary files and directories under {@code stand/} */
    private static List<Path> temporaries(Path home) throws IOException {
        try (Stream<Path> all = Files.walk(home.resolve("stand"))) {
            return all.filter(p -> p.getFileName().toString().matches("\\..+\\.(tmp|staged)")).toList();
        }
    }

    /** Copies a kernel home but its framework cache and run directory, which each boot makes anew. */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path rel = from.relativize(p);
                if (rel.startsWith("felix-cache") || rel.startsWith("run")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to.resolve(rel));
                } else {
                    Files.copy(p, to.resolve(rel));
                }
            }
        }
        return to;
    }
}
