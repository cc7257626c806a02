package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's "Steps to Reconfigure the Kernel" through the packaged {@code dlkm}, verbatim, in one script that goes
 * on in the rebooted kernel, whose {@code stand/system} is the build's (nfshaper static, as {@code kmsystem} shows);
 * then {@code kmsystem -c Y -l N e100} with {@code config -u /stand/system} and a reboot that brings e100 up statically
 * beside nfshaper; then {@code --kernel} booting the backup kernel.
 */
class KernelConfigurationIT {
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path scratch;

    private CrashProcess run(Path home, String... args) throws Exception {
        CrashProcess p = CrashProcess.start(home, args);
        int status = p.waitFor(TIMEOUT_SECONDS);
        assertEquals(0, status, String.join(" ", args) + ":\n" + p.stdout() + p.stderr());
        return p;
    }

    @Test
    void theSeedsProcedureVerbatimBootsTheNewKernelAndKernelBootsANamedOne() throws Exception {
        Path home = scratch.resolve("var");
        CrashProcess seed = run(home, "-x", "-c", String.join("; ",
                "cd /stand/build",
                "/usr/lbin/sysadm/system_prep -v -s system",
                "/usr/sbin/kmsystem -S /stand/build/system",
                "/usr/sbin/kmsystem -S /stand/build/system -c Y nfshaper",
                "/usr/sbin/mk_kernel -s /stand/build/system",
                "/usr/sbin/kmupdate",
                "shutdown -r",
                "kmadmin -k",
                "/usr/sbin/kmsystem -q nfshaper"));
        String out = seed.stdout();
        assertTrue(out.contains("nfshaper        Y            N"), out);
        assertTrue(out.contains("Kernel update request is scheduled."), out);
        assertTrue(out.contains("\nThe system file it was built from becomes " + home.resolve("stand/system")
                + " then (the current one is kept as " + home.resolve("stand/system.prev") + ");"), out);
        assertTrue(out.strip().endsWith("dlkm> kmadmin -k\nnfshaper\ndlkm> /usr/sbin/kmsystem -q nfshaper\n"
                + "Module          Configured   Loadable\n" + "=".repeat(36) + "\nnfshaper        Y            N"), out);
        assertTrue(Files.readString(home.resolve("stand/system")).contains("$STATIC\nnfshaper\n"));
        assertTrue(Files.readString(home.resolve("stand/vmunix")).contains("nfshaper sha256:"));

        CrashProcess e100 = run(home, "-x", "-c", "kmsystem -c Y -l N e100; config -u /stand/system; shutdown -r;"
                + " kmadmin -k");
        assertTrue(e100.stdout().contains("dlkm> kmadmin -k\nvmklinux\ne100\nnfshaper\n"), e100.stdout());

        CrashProcess named = run(home, "--kernel", home.resolve("stand/vmunix.prev").toString(), "-c", "kmadmin -k");
        assertEquals("nfshaper\n", named.stdout());
        CrashProcess again = run(home, "-c", "kmadmin -k");
        assertEquals("vmklinux\ne100\nnfshaper\n", again.stdout());
    }
}
