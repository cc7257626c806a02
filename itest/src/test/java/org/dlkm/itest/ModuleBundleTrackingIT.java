package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.dlkm.kernel.ModuleInfo;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The framework cannot go around the kernel: a module's bundle stopped or uninstalled by the shell's own
 * {@code stop} / {@code uninstall} (Gogo's commands) or by any bundle's API call is reconciled, the module
 * withdrawn and the log saying why; a module jar installed behind the kernel's back is uninstalled.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleBundleTrackingIT extends KernelTestSupport {

    @Override
    protected List<Option> extraOptions(File bundles) {
        return List.of(distributionBundle(bundles, "org.apache.felix.gogo.command"));
    }

    /**
     * Runs Gogo's own command on a module's bundle. In the distribution, {@code uninstall 14} converts the ID to
     * the bundle through the converter the interactive shell registers; this framework has no interactive shell,
     * so the bundle is handed to the command in a session variable.
     */
    private String shellWithBundle(String line, long bundleId) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        try (org.apache.felix.service.command.CommandSession session = commands.createSession(System.in, ps, ps)) {
            session.put("bundle", context.getBundle(bundleId));
            session.execute(line);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 250 && !condition.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
        assertTrue(what, condition.getAsBoolean());
    }

    @Test
    public void uninstallOfALoadedModulesBundleFromTheShellWithdrawsTheModule() throws Exception {
        ok("vmkload_mod -e vmklinux linux");
        ModuleInfo e100 = kernel.load(org.dlkm.kernel.LoadRequest.builder("e100").tag("vmnic").build()).module();
        assertTrue(proc.exists("/proc/vmware/net/vmnic0"));
        assertEquals("", shellWithBundle("uninstall $bundle", e100.bundleId()));
        // the next command already sees the module withdrawn: queries wait for reconciliations under way
        assertFalse(ok("vmkload_mod -l").contains("e100"));
        assertTrue(kernel.query("e100").isEmpty());
        assertFalse(proc.exists("/proc/vmware/net/vmnic0"));
        assertTrue(devices.devices().isEmpty());
        assertTrue(threadsNamed("dlkm-e100").isEmpty());
        assertFalse(ok("vmkload_mod -l").contains("e100"));
        assertTrue(ok("cat /proc/vmware/log").contains("e100: its bundle " + e100.bundleId()
                + " was uninstalled outside the kernel; withdrawing module e100"));
        // and it loads again, by the kernel
        assertTrue(ok("vmkload_mod e100 vmnic").startsWith("Loaded module e100"));
    }

    @Test
    public void stopOfALoadedModulesBundleFromTheShellWithdrawsTheModuleAndUninstallsItsBundle() throws Exception {
        ModuleInfo shaper = kernel.load(org.dlkm.kernel.LoadRequest.builder("nfshaper").build()).module();
        assertEquals("", shellWithBundle("stop $bundle", shaper.bundleId()));
        eventually("nfshaper is withdrawn", () -> kernel.query("nfshaper").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.nfshaper").isEmpty());
        assertFalse(ok("cat /proc/vmware/filters/status").contains("nfshaper   nfshaper"));
        assertTrue(ok("cat /proc/vmware/log").contains("was stopped outside the kernel"));
    }

    @Test
    public void aBundleUninstallingAModuleThroughTheApiIsReconciledToo() throws Exception {
        ModuleInfo shaper = kernel.load(org.dlkm.kernel.LoadRequest.builder("nfshaper").build()).module();
        context.getBundle(shaper.bundleId()).uninstall();
        eventually("nfshaper is withdrawn", () -> kernel.query("nfshaper").isEmpty());
        assertTrue(kernel.list().isEmpty());
    }

    @Test
    public void aModuleJarInstalledBehindTheKernelsBackIsUninstalled() throws Exception {
        Path jar = Path.of(System.getProperty("dlkm.modules")).resolve("nfshaper.jar");
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar)) {
            bundle = context.installBundle("behind-the-kernel:nfshaper", in);
        }
        eventually("the bundle is uninstalled", () -> bundle.getState() == Bundle.UNINSTALLED);
        assertTrue(ok("cat /proc/vmware/log").contains("is a kernel module installed outside the kernel;"
                + " uninstalling it"));
        assertEquals(List.of(), kernel.list());
    }
}
