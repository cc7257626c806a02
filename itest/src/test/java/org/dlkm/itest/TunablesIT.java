package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dlkm.itest.modules.greedy.GreedyModule;
import org.dlkm.itest.modules.hang.HangingModule;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.DeviceHandle;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The tunables through {@code kmtune} and the real runtime: every form and refusal of the command, each enforced
 * limit hit by a real module or device open, a dynamic module tunable reaching the loaded module, a static one
 * taking effect when its image is configured and registered ({@code config -M -u}), and the automatic
 * {@code callout_workers} following the pending timers. The home's
 * {@code stand/system} is written before boot with small static limits: {@code nproc 10}, {@code ncallout 40},
 * {@code nfile 14}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TunablesIT extends KernelTestSupport {
    private static final String SYSTEM = "* test limits\n$VERSION\n1\n$$$\n$TUNABLE\nnproc 10\nncallout 40\nnfile 14\n$$$\n";

    @Override
    protected void prepareHome(Path home) throws IOException {
        Files.writeString(Files.createDirectories(home.resolve("stand")).resolve("system"), SYSTEM);
    }

    private Path home() {
        return Path.of(context.getProperty("dlkm.home"));
    }

    private String standSystem() throws IOException {
        return Files.readString(home().resolve("stand/system"), StandardCharsets.UTF_8);
    }

    private String log() {
        return ok("cat /proc/vmware/log");
    }

    /** Puts back what a test tuned, so that the next test starts from the boot's values. */
    @After
    public void resetTunables() throws IOException {
        ok("kmtune -u -r maxusers -r maxuprc -r maxfiles_lim -r modcall_timeout -r e100_watchdog_ms -r vmklinux_procfs");
        assertEquals(SYSTEM.replace("* test limits", "* system -- the kernel's system file: its static modules, and"
                + " tunables planned other than their defaults (kmtune)"), standSystem());
    }

    @Test
    public void theBriefReportShowsTheKernelsAndTheModulesTunablesWithTheStaticValuesFixedAtBoot() {
        String out = ok("kmtune");
        String[] lines = out.split("\n");
        assertEquals("Parameter               Current Dyn Planned                        Module     Version", lines[0]);
        assertEquals("=".repeat(79), lines[1]);
        assertTrue(out, out.contains("\nnproc                        10  -  10\n"));
        assertTrue(out, out.contains("\nmaxusers                     32  -  32\n"));
        assertTrue(out, out.contains("\nncallout                     40  -  40\n"));
        assertTrue(out, out.contains("\nmaxuprc                      75  Y  75\n"));
        assertTrue(out, out.contains("\ncallout_workers               1  A  1\n"));
        assertTrue(out, out.matches("(?s).*\ne100_watchdog_ms           2000  Y  2000 +e100 +\\S+\n.*"));
        assertTrue(out, out.contains("\nvmklinux_procfs"));
        assertEquals(ok("kmtune -q nproc"), ok("/usr/sbin/kmtune -q NPROC"));
        assertEquals(String.join("\n", "Parameter:  nfile", "Current:    14", "Planned:    14",
                "Default:    (16*(NPROC+16+MAXUSERS)/10+32)", "Minimum:    14", "Maximum:    1000000",
                "Module:     -", "Version:    -", "Dynamic:    No"), ok("kmtune -l -q nfile").strip());
    }

    @Test
    public void setIncrementResetAndApplyWriteTheSystemFileAndTheRunningKernel() throws Exception {
        assertEquals("", ok("kmtune -s maxusers=64 -s maxuprc+25").strip());
        assertTrue(standSystem(), standSystem().contains("maxusers 64\n"));
        assertTrue(standSystem(), standSystem().contains("maxuprc 100\n"));
        String differ = ok("kmtune -d") + "\n";
        assertTrue(differ, differ.contains("\nmaxusers                     32  -  64\n"));
        assertTrue(differ, differ.contains("\nmaxuprc                      75  Y  100\n"));
        assertFalse(differ, differ.contains("nproc"));
        String applied = ok("kmtune -u");
        assertTrue(applied, applied.contains("maxuprc: now 100 in the running kernel"));
        assertTrue(applied, applied.contains("maxusers: static; 64 takes effect at the next boot"));
        assertTrue(ok("kmtune -q maxuprc"), ok("kmtune -q maxuprc").contains("maxuprc                     100  Y  100"));
        ok("kmtune -u -r maxusers -r maxuprc");
        assertTrue(ok("kmtune -q maxuprc").contains("maxuprc                      75  Y  75"));
        assertFalse(standSystem(), standSystem().contains("maxusers"));
    }

    @Test
    public void everyRefusalNamesTheTunableTheValueAndTheReasonAndChangesNothing() throws Exception {
        String before = standSystem();
        assertEquals("kmtune: nproc: 1 is below its minimum 10; nproc takes values from 10 to 30000 (ERANGE)",
                refused("kmtune -s nproc=1"));
        assertTrue(refused("kmtune -s nosuch=1"), refused("kmtune -s nosuch=1").startsWith(
                "kmtune: nosuch: no such tunable;"));
        assertTrue(refused("kmtune -s nosuch=1").endsWith("(ENOENT)"));
        assertEquals("kmtune: tunable maxusers: its value abc names abc, which is no tunable; kmtune lists them"
                + " (EINVAL)", refused("kmtune -s maxusers=abc"));
        String cycle = refused("kmtune -s 'nfile=(2*NCALLOUT)' -s 'ncallout=(NFILE/2)'");
        assertTrue(cycle, cycle.contains("a cycle: ") && cycle.contains("nfile") && cycle.contains("ncallout"));
        assertTrue(cycle, cycle.endsWith("(EINVAL)"));
        String usage = refused("kmtune -u -l");
        assertTrue(usage, usage.startsWith("kmtune: -u -l: -l, -d and -q query; -s, -r and -u change; they do not go"
                + " together"));
        assertTrue(usage, usage.endsWith("(EINVAL)"));
        assertTrue(refused("kmtune -s maxuprc=10 -s nproc=1").endsWith("(ERANGE)"));
        assertEquals(before, standSystem());
        assertTrue(ok("kmtune -q maxuprc").contains("maxuprc                      75  Y  75"));
    }

    @Test
    public void anotherSystemFileIsReadAndWrittenInsteadOfStandSystem() throws Exception {
        Path build = Files.createDirectories(home().resolve("stand/build"));
        ok("kmtune -s maxusers=200 -S " + build.resolve("system"));
        assertTrue(Files.readString(build.resolve("system")).contains("maxusers 200"));
        assertTrue(ok("kmtune -q maxusers -S " + build.resolve("system")).contains("maxusers                     32  -  200"));
        assertFalse(standSystem().contains("maxusers"));
    }

    @Test
    public void nprocCapsTheModuleThreadsKernelWideWithEagain() throws Exception {
        ok("vmkload_mod " + TestModuleJar.build("greedythreads", GreedyModule.class, "misc") + " greedythreads");
        assertTrue(log(), log().contains("greedythreads: got 10 threads, then: greedythreads: cannot start thread"
                + " dlkm-greedythreads-t10: 10 module threads are alive kernel-wide, the limit nproc 10;"));
        assertTrue(log().contains("(EAGAIN)"));
    }

    @Test
    public void maxuprcCapsOneModulesThreadsAndChangesAtOnce() throws Exception {
        assertEquals("maxuprc: now 3 in the running kernel", ok("kmtune -u -s maxuprc=3").strip());
        try {
            ok("vmkload_mod " + TestModuleJar.build("greedythreadsb", GreedyModule.class, "misc") + " greedythreadsb");
            assertTrue(log(), log().contains("greedythreadsb: got 3 threads, then: greedythreadsb: cannot start thread"
                    + " dlkm-greedythreadsb-t3: the module has 3 threads alive, the limit maxuprc 3;"));
        } finally {
            ok("kmtune -u -r maxuprc");
        }
    }

    @Test
    public void ncalloutCapsPendingTimersAndCalloutWorkersFollowsThem() throws Exception {
        ok("vmkload_mod " + TestModuleJar.build("greedytimers", GreedyModule.class, "misc") + " greedytimers");
        assertTrue(log(), log().contains("greedytimers: got 40 timers, then: greedytimers: cannot start a timer: 40"
                + " module timers are pending kernel-wide, the limit ncallout 40;"));
        assertTrue(ok("kmtune -q callout_workers"),
                ok("kmtune -q callout_workers").contains("callout_workers               5  A  1"));
        ok("vmkload_mod -u greedytimers");
        assertTrue(ok("kmtune -q callout_workers").contains("callout_workers               1  A  1"));
    }

    @Test
    public void nfileAndMaxfilesLimCapOpenDeviceHandles() throws Exception {
        ok("kmadmin -L e100");
        ok("kmadmin -L aic7xxx");
        ok("kmtune -u -s maxfiles_lim=2");
        List<DeviceHandle> open = new ArrayList<>();
        try {
            ok("vmkdev -o vmnic0 vm1");
            ok("vmkdev -o vmhba0 vm1");
            assertEquals("vmkdev: opening vmhba1 for vm1: vm1 has 2 device handles open, the limit maxfiles_lim 2;"
                    + " close some, or raise maxfiles_lim (kmtune -u -s maxfiles_lim=N, dynamic) (EMFILE)",
                    refused("vmkdev -o vmhba1 vm1"));
            for (int i = 0; i < 12; i++) {
                open.add(devices.open("vmnic0", "holder" + i));
            }
            try {
                devices.open("vmnic0", "late");
                throw new AssertionError("the 15th handle should have been refused");
            } catch (KernelException e) {
                assertEquals(Errno.ENFILE, e.errno());
                assertTrue(e.getMessage(), e.getMessage().contains("14 device handles are open kernel-wide, the limit"
                        + " nfile 14"));
            }
        } finally {
            open.forEach(DeviceHandle::close);
            ok("kmtune -u -r maxfiles_lim");
        }
    }

    @Test
    public void aDynamicModuleTunableReachesTheLoadedModuleAtOnce() throws Exception {
        ok("kmadmin -L e100");
        assertTrue(ok("cat /proc/vmware/net/vmnic0").contains("Watchdog:       every 2000 ms"));
        try {
            assertEquals("e100_watchdog_ms: now 500 in the running kernel",
                    ok("kmtune -u -s e100_watchdog_ms=500").strip());
            String entry = "";
            for (int i = 0; i < 200 && !entry.contains("every 500 ms"); i++) {
                Thread.sleep(10);
                entry = ok("cat /proc/vmware/net/vmnic0");
            }
            assertTrue(entry, entry.contains("Watchdog:       every 500 ms"));
            assertTrue(Files.readString(home().resolve("stand/system.d/e100")).contains("e100_watchdog_ms 500"));
            assertTrue(log(), log().contains("e100: e100: watchdog period now 500 ms"));
        } finally {
            ok("kmtune -u -r e100_watchdog_ms");
        }
    }

    /**
     * The seed: "The values of the system parameters supplied by the module will become effective with the running
     * kernel after the loadable module is configured and registered" ({@code config -M name -u}), not at its next
     * load: a load uses the values registered with the image.
     */
    @Test
    public void aStaticModuleTunableTakesEffectWhenTheModuleIsConfiguredAndRegistered() throws Exception {
        ok("vmkload_mod -e vmklinux linux");
        assertTrue(ok("cat /proc/vmware/vmklinux").contains("Linux driver compatibility layer"));
        try {
            assertEquals("vmklinux_procfs: static; 0 takes effect when vmklinux's image is configured and registered"
                    + " (config -M vmklinux -u)", ok("kmtune -u -s vmklinux_procfs=0").strip());
            assertTrue(ok("kmtune -q vmklinux_procfs").contains("vmklinux_procfs               1  -  0"));
            ok("vmkload_mod -u vmklinux");
            assertTrue("not loaded, it shows what its next load uses", ok("kmtune -q vmklinux_procfs")
                    .contains("vmklinux_procfs               1  -  0"));
            ok("vmkload_mod -e vmklinux linux");
            assertTrue("a reload alone uses the registered value", ok("cat /proc/vmware/vmklinux")
                    .contains("Linux driver compatibility layer"));

            String configured = ok("/usr/sbin/config -M vmklinux -u");
            assertTrue(configured, configured.contains("static tunables vmklinux_procfs=0; kmupdate -M vmklinux"));
            assertTrue(configured, configured.contains("Module vmklinux updated and reloaded on its new image"));
            assertTrue(refused("cat /proc/vmware/vmklinux").endsWith("(ENOENT)"));
            assertTrue(ok("kmtune -q vmklinux_procfs").contains("vmklinux_procfs               0  -  0"));
            assertTrue(Files.readString(home().resolve("stand/dlkm/mod.d/vmklinux.tunables"))
                    .contains("\nvmklinux_procfs 0\n"));
        } finally {
            ok("kmtune -r vmklinux_procfs");
            ok("config -M vmklinux -u");
        }
        assertTrue(ok("kmtune -q vmklinux_procfs").contains("vmklinux_procfs               1  -  1"));
    }

    @Test
    public void theWatchdogLimitIsADynamicTunable() throws Exception {
        ok("kmtune -u -s modcall_timeout=2");
        try {
            String error = refused("vmkload_mod " + TestModuleJar.build("hangload", HangingModule.class, "misc")
                    + " hangload");
            assertTrue(error, error.startsWith("vmkload_mod: hangload: load did not return within 2 s"));
        } finally {
            ok("kmtune -u -r modcall_timeout");
        }
    }
}
