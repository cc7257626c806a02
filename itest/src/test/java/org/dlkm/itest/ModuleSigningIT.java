package org.dlkm.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dlkm.itest.modules.plain.PlainModule;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Module signing through the shell, with keys and signatures made by the JDK's {@code keytool} and {@code jarsigner}
 * as the README tells an administrator to: once {@code module_sig_enforce} is on, {@code kminstall} and
 * {@code vmkload_mod} of a path take only jars signed by a key of the home's trust store ({@code etc/keys}), every
 * refusal names the jar and the reason and registers or loads nothing, and the running kernel keeps enforcing until
 * the next boot. Every test of the class runs with enforcement on: it cannot be turned off without a reboot.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleSigningIT extends KernelTestSupport {
    private static final String ENFORCED = ": refused: module signatures are enforced (module_sig_enforce=1) and ";

    private ModuleSigner signer;

    private Path home() {
        return Path.of(context.getProperty("dlkm.home"));
    }

    /** Makes the keys once, with the vendor's certificate in the trust store, and turns enforcement on. */
    @Before
    public void enforceSignatures() throws Exception {
        signer = ModuleSigner.forHome(home());
        ok("kmtune -u -s module_sig_enforce=1");
    }

    /** @return a copy of the jar signed with the key of that name */
    private Path signed(Path jar, String key) throws Exception {
        return signer.signed(jar, key);
    }

    private String log() {
        return ok("cat /proc/vmware/log");
    }

    @Test
    public void anUnsignedJarIsRefusedByKminstallAndVmkloadModAndNothingIsRegisteredOrLoaded() throws Exception {
        Path jar = TestModuleJar.build("unsignedmod", PlainModule.class, "misc");

        assertEquals("kminstall: " + jar + ENFORCED + "the jar is not signed (EPERM)", refused("kminstall -a " + jar));
        assertEquals("vmkload_mod: " + jar + ENFORCED + "the jar is not signed (EPERM)",
                refused("vmkload_mod " + jar + " unsignedmod"));

        assertTrue(catalog.entry("unsignedmod").isEmpty());
        assertFalse(Files.exists(home().resolve("stand/dlkm/mod.d/unsignedmod.jar")));
        assertFalse(Files.exists(home().resolve("usr/conf/master.d/unsignedmod")));
        assertTrue(kernel.query("unsignedmod").isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.unsignedmod").isEmpty());
        assertFalse(log(), log().contains("registered unsignedmod"));
    }

    @Test
    public void aJarSignedByAKeyOutsideTheTrustStoreIsRefusedNamingTheSigner() throws Exception {
        Path jar = signed(TestModuleJar.build("strangermod", PlainModule.class, "misc"), "stranger");

        String error = refused("kminstall -a " + jar);

        assertTrue(error, error.startsWith("kminstall: " + jar + ENFORCED + "entry "));
        assertTrue(error, error.endsWith(" is signed by CN=Stranger, which is not in the trust store "
                + home().resolve("etc/keys") + " (EPERM)"));
        assertTrue(catalog.entry("strangermod").isEmpty());
    }

    @Test
    public void aJarSignedByATrustedKeyIsRegisteredAndLoadsAndLoadsFromItsPath() throws Exception {
        Path jar = signed(TestModuleJar.build("signedmod", PlainModule.class, "misc"), "vendor");

        ok("kminstall -a " + jar);
        assertTrue(catalog.entry("signedmod").isPresent());
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(home().resolve("stand/dlkm/mod.d/signedmod.jar")));
        assertTrue(ok("kmadmin -L signedmod").startsWith("Module signedmod loaded"));
        ok("kmadmin -U signedmod");

        Path other = signed(TestModuleJar.build("signedpath", PlainModule.class, "misc"), "vendor");
        assertTrue(ok("vmkload_mod " + other + " signedpath").startsWith("Loaded module signedpath (ID "));
    }

    @Test
    public void anUnsignedImageOfARegisteredSignedModuleIsRefusedByKminstallUAndTheSignedOneStays() throws Exception {
        Path jar = signed(TestModuleJar.build("keptmod", PlainModule.class, "misc"), "vendor");
        ok("kminstall -a " + jar);
        byte[] registered = Files.readAllBytes(home().resolve("stand/dlkm/mod.d/keptmod.jar"));
        Path unsigned = TestModuleJar.build("keptmod", PlainModule.class, "misc");

        assertEquals("kminstall: " + unsigned + ENFORCED + "the jar is not signed (EPERM)",
                refused("kminstall -u " + unsigned));

        assertArrayEquals(registered, Files.readAllBytes(home().resolve("stand/dlkm/mod.d/keptmod.jar")));
        ok("kminstall -u " + signed(TestModuleJar.build("keptmod", PlainModule.class, "misc"), "vendor"));
    }

    @Test
    public void theShippedModulesRegisteredAtTheFirstBootStillLoad() {
        assertTrue(ok("kmadmin -L nfshaper").startsWith("Module nfshaper loaded"));
    }

    @Test
    public void loweringItIsRefusedForTheRunningKernelAndOnlyPlannedForTheNextBoot() throws Exception {
        String why = "module_sig_enforce: 0 is refused for the running kernel: module_sig_enforce is 1, and once on it"
                + " stays on until the next boot (as Linux's module.sig_enforce), so that a shell cannot lift it at"
                + " once; kmtune -s module_sig_enforce=0 without -u plans it for the next boot (EPERM)";
        assertEquals("kmtune: " + why, refused("kmtune -u -s module_sig_enforce=0"));
        assertEquals("kmtune: " + why, refused("kmtune -u -r module_sig_enforce"));
        assertTrue(Files.readString(home().resolve("stand/system")).contains("module_sig_enforce 1\n"));

        assertEquals("", ok("kmtune -s module_sig_enforce=0").strip());
        try {
            assertTrue(Files.readString(home().resolve("stand/system")).contains("module_sig_enforce 0\n"));
            assertTrue(ok("kmtune -u").contains("module_sig_enforce: dynamic, but on until the next boot; 0 takes"
                    + " effect at the next boot"));
            assertTrue(ok("kmtune -q module_sig_enforce").contains(
                    "\nmodule_sig_enforce            1  Y  0"));
            Path jar = TestModuleJar.build("stillrefused", PlainModule.class, "misc");
            assertTrue(refused("kminstall -a " + jar).endsWith("the jar is not signed (EPERM)"));
        } finally {
            ok("kmtune -s module_sig_enforce=1");
        }
    }
}
