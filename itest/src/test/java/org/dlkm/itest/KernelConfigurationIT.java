package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The seed's "Steps to Reconfigure the Kernel", verbatim, in one session, then a reboot into the new kernel; then
 * a module made static with {@code kmsystem -c Y -l N} and {@code config -u /stand/system}; then a kernel whose
 * module set was damaged, which boot falls back from. A reboot here stops and starts the kernel runtime bundle:
 * the runtime's own shutdown (where the kernel moves are made) and boot, as {@code shutdown -r} runs them when the
 * launcher restarts the framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KernelConfigurationIT extends KernelTestSupport {

    @Override
    @After
    public void unloadEverything() {
        // static modules stay; this class's one test reboots the kernel
    }

    private Path home() {
        return Path.of(context.getProperty("dlkm.home"));
    }

    /** Runs the lines in one session, as a script does, and returns what each printed. */
    private String session(CommandSession session, String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Object value = session.execute(line);
        if (value != null) {
            ps.print(session.format(value, Converter.INSPECT));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void reboot() throws Exception {
        Bundle runtime = bundlesNamed("org.dlkm.kernel.runtime").get(0);
        runtime.stop();
        runtime.start();
        awaitBoot();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (shell("kmadmin -k").error != null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the commands did not come back: " + shell("kmadmin -k").errorMessage());
            }
            Thread.sleep(20);
        }
    }

    @Test
    public void theSeedsProcedureBuildsAndBootsANewKernelAndABadOneFallsBack() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        try (CommandSession s = commands.createSession(System.in, ps, ps)) {
            s.put("SCOPE", "dlkm:*");
            session(s, "cd /stand/build");
            String prep = session(s, "/usr/lbin/sysadm/system_prep -v -s system");
            assertTrue(prep, prep.contains("Wrote the system file " + home().resolve("stand/build/system")));
            assertTrue(Files.isRegularFile(home().resolve("stand/build/system")));
            String listed = session(s, "/usr/sbin/kmsystem -S /stand/build/system");
            assertTrue(listed, listed.contains("nfshaper        Y            Y"));
            String added = session(s, "/usr/sbin/kmsystem -S /stand/build/system -c Y nfshaper");
            assertTrue(added, added.contains("nfshaper        Y            N"));
            String built = session(s, "/usr/sbin/mk_kernel -s /stand/build/system");
            assertTrue(built, built.startsWith("Wrote the kernel " + home().resolve("stand/build/vmunix_test")));
            assertTrue(Files.isRegularFile(home().resolve("stand/build/dlkm.vmunix_test/nfshaper.jar")));
            assertEquals("the running kernel does not change", "No statically configured modules are loaded",
                    ok("kmadmin -k").trim());
            String update = session(s, "/usr/sbin/kmupdate");
            assertTrue(update, update.startsWith("Kernel update request is scheduled."));
            assertTrue(update, update.endsWith("The system file it was built from becomes " + home().resolve(
                    "stand/system") + " then (the current one is kept as " + home().resolve("stand/system.prev")
                    + "); kmtune and kmsystem edits of " + home().resolve("stand/system") + " until then are made to"
                    + " both."));
            assertTrue("the planned kernel's view", session(s, "/usr/sbin/kmsystem -q nfshaper")
                    .contains("nfshaper        Y            N"));
            session(s, "/usr/sbin/kmtune -s maxusers=40");
        }
        assertTrue("an edit between kmupdate and the shutdown is carried into the pending system file",
                Files.readString(home().resolve("stand/build/dlkm.vmunix_test/system")).contains("\nmaxusers 40\n"));
        reboot();
        assertEquals("nfshaper", ok("kmadmin -k").trim());
        String system = Files.readString(home().resolve("stand/system"));
        assertTrue("stand/system is the file the kernel was built from: " + system,
                system.contains("$STATIC\nnfshaper\n$$$\n") && system.contains("\nmaxusers 40\n"));
        assertFalse(Files.readString(home().resolve("stand/system.prev")).contains("nfshaper"));
        assertTrue(ok("kmsystem"), ok("/usr/sbin/kmsystem").contains("\nnfshaper        Y            N"));
        assertTrue(ok("kmsystem -q nfshaper").contains("\nnfshaper        Y            N"));
        ok("kmtune -r maxusers");
        assertTrue(Files.readString(home().resolve("stand/vmunix")).contains("nfshaper sha256:"));
        assertTrue(Files.isRegularFile(home().resolve("stand/dlkm/vmunix.d/nfshaper.jar")));
        assertTrue("the catalog is untouched", Files.isRegularFile(home().resolve("stand/dlkm/mod.d/nfshaper.jar")));
        assertFalse(Files.exists(home().resolve("stand/build/vmunix_test")));
        assertFalse(Files.exists(home().resolve("stand/kernel.moves")));

        ok("kmsystem -c Y -l N e100");
        ok("kmtune -s vmklinux_procfs=0");
        String config = ok("config -u /stand/system");
        assertTrue(config, config.contains("Kernel update request is scheduled."));
        assertFalse("built from stand/system itself, it keeps no copy", config.contains("The system file"));
        String built = Files.readString(home().resolve("stand/build/vmunix_test"));
        assertTrue("a static module's static tunables are recorded in the kernel: " + built,
                built.contains("\nvmklinux_procfs 0\n"));
        reboot();
        List<String> statics = ok("kmadmin -k").trim().lines().toList();
        assertEquals("stand/system still names nfshaper, so the next config keeps it", List.of("vmklinux", "e100",
                "nfshaper"), statics);
        assertTrue("static vmklinux loaded with the kernel file's value, not the registered 1",
                refused("cat /proc/vmware/vmklinux").endsWith("(ENOENT)"));
        assertTrue(ok("kmtune -q vmklinux_procfs").contains("vmklinux_procfs               0  -  0"));
        ok("kmtune -r vmklinux_procfs");
        assertTrue(refused("kmadmin -U e100").endsWith("(EPERM)"));
        assertTrue(Files.readString(home().resolve("stand/vmunix.prev")).contains("nfshaper sha256:"));
        assertTrue(Files.isRegularFile(home().resolve("stand/dlkm.vmunix.prev/nfshaper.jar")));

        Files.writeString(home().resolve("stand/dlkm/vmunix.d/e100.jar"), "damaged");
        reboot();
        assertEquals("nfshaper", ok("kmadmin -k").trim());
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("failed to boot: " + home().resolve("stand/dlkm/vmunix.d/e100.jar")));
        assertTrue(log, log.contains("fell back to the backup kernel"));
        assertTrue(Files.readString(home().resolve("stand/vmunix.failed")).contains("e100 sha256:"));
        assertTrue(Files.readString(home().resolve("stand/vmunix")).contains("nfshaper sha256:"));
    }

    @Test
    public void theKernelsTunablesAreTheCurrentValuesAndOneOutOfRangeFallsBack() throws Exception {
        ok("kmtune -s maxusers=48");
        assertTrue(ok("config -u /stand/system").contains("Kernel update request is scheduled."));
        reboot();
        ok("kmtune -s maxusers=40");
        reboot();
        String report = ok("kmtune -q maxusers");
        assertTrue("the kernel's value is current, stand/system's planned: " + report,
                report.contains("maxusers                     48  -  40"));
        assertEquals("the kernel file's own values win at boot", "maxusers: static; 40 takes effect once a kernel is"
                + " built with it and installed (config -u /stand/system, then shutdown -r)",
                ok("/usr/sbin/kmtune -u -s maxusers=40").strip());
        ok("kmtune -u -s maxuprc=100");
        String prep = ok("/usr/lbin/sysadm/system_prep -v -s /stand/build/system");
        assertTrue(prep, prep.contains("It booted from the kernel file " + home().resolve("stand/vmunix")));
        assertTrue(prep, prep.contains("  maxusers 48: current 48, default 32 (the current value)"));
        assertTrue(prep, prep.contains("  maxuprc 100: current 100, default 75 (the current value)"));
        String written = Files.readString(home().resolve("stand/build/system"));
        assertTrue("the running kernel's values, not stand/system's: " + written,
                written.contains("$TUNABLE\nmaxusers 48\nmaxuprc 100\n$$$\n"));
        ok("kmtune -u -r maxuprc");

        assertTrue(ok("config -u /stand/system").contains("Kernel update request is scheduled."));
        reboot();
        String kernel = Files.readString(home().resolve("stand/vmunix"));
        assertTrue(kernel, kernel.contains("maxusers 40"));
        Files.writeString(home().resolve("stand/vmunix"), kernel.replace("maxusers 40", "maxusers 0"));
        reboot();
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("maxusers: 0 is below its minimum 1"));
        assertTrue(log, log.contains("fell back to the backup kernel"));
        assertTrue("the backup kernel's value is current", ok("kmtune -q maxusers")
                .contains("maxusers                     48  -  40"));
        ok("kmtune -r maxusers");
    }

    @Test
    public void refusalsNameTheModuleOrTheFileAndChangeNothing() throws Exception {
        Path build = Files.createDirectories(home().resolve("stand/build"));
        Files.writeString(build.resolve("bad"), "$VERSION\n1\n$$$\n$STATIC\nnosuch\n$$$\n");
        String unknown = refused("mk_kernel -s /stand/build/bad -o /stand/build/vmunix_bad");
        assertTrue(unknown, unknown.contains("nosuch: no such module registered"));
        assertTrue(unknown, unknown.startsWith("mk_kernel: cannot build a kernel from"));
        assertFalse(Files.exists(build.resolve("vmunix_bad")));
        assertFalse(Files.exists(build.resolve("dlkm.vmunix_bad")));
        Files.writeString(build.resolve("mangled"), "$VERSION\n1\n$$$\n$STATIC\ne100 Y\n$$$\n");
        String mangled = refused("mk_kernel -s /stand/build/mangled -o /stand/build/vmunix_bad");
        assertEquals("mk_kernel: " + build.resolve("mangled") + ": line 5: a $STATIC line names one module; found"
                + " 'e100 Y' (EINVAL)", mangled);
        String none = refused("kmupdate /stand/build/vmunix_none");
        assertTrue(none, none.contains("no built kernel") && none.endsWith("(ENOENT)"));
        assertFalse(Files.exists(home().resolve("stand/kernel.moves")));
        Files.writeString(build.resolve("tuned"), "$VERSION\n1\n$$$\n$TUNABLE\nnproc 1\nnosuch 5\n$$$\n");
        String tunables = refused("mk_kernel -s /stand/build/tuned -o /stand/build/vmunix_bad");
        assertTrue(tunables, tunables.contains("tunable nosuch: no such kernel tunable"));
        assertTrue(tunables, tunables.contains("nproc: 1 is below its minimum 10"));
        assertTrue(tunables, tunables.contains("2 errors; nothing was written"));
        assertFalse(Files.exists(build.resolve("vmunix_bad")));
    }
}
