package org.dlkm.itest;

import static org.junit.Assert.assertArrayEquals;
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
 * Hot deployment while module signatures are enforced, with the real FileInstall watching a module directory of its
 * own: an unsigned jar copied in is refused once with the file and the reason, and nothing is registered; a signed one
 * is registered; an unsigned new image of a registered module is refused and the registered image stays.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeploymentSigningIT extends HotDeploymentSupport {
    private static final String ENFORCED = ": refused: module signatures are enforced (module_sig_enforce=1) and ";

    private ModuleSigner signer;

    @Before
    public void enforceSignatures() throws Exception {
        signer = ModuleSigner.forHome(home());
        ok("kmtune -u -s module_sig_enforce=1");
    }

    @Test
    public void anUnsignedJarIsRefusedOnceNamingTheFileAndNothingIsRegistered() throws Exception {
        drop(TestModuleJar.build("hotunsigned", PlainModule.class, "misc"), "hotunsigned.jar");
        Path file = modules().resolve("hotunsigned.jar");
        String line = "deploy: " + file + ": not deployed: " + file + ENFORCED + "the jar is not signed (EPERM)";

        await("the refusal logged", () -> log().contains(line));

        Thread.sleep(1_000); // more scans: refused once
        String log = log();
        assertTrue(log, log.indexOf(line) == log.lastIndexOf(line));
        assertTrue(catalog.entry("hotunsigned").isEmpty());
        assertFalse(Files.exists(home().resolve("stand/dlkm/mod.d/hotunsigned.jar")));
        assertTrue(bundlesNamed("org.dlkm.itest.hotunsigned").isEmpty());
    }

    @Test
    public void aSignedJarIsRegisteredAndAnUnsignedNewImageOfItIsRefused() throws Exception {
        drop(signer.signed(TestModuleJar.build("hotsigned", PlainModule.class, "misc"), "vendor"), "hotsigned.jar");
        await("hotsigned registered", () -> catalog.entry("hotsigned").isPresent());
        byte[] registered = Files.readAllBytes(home().resolve("stand/dlkm/mod.d/hotsigned.jar"));

        drop(TestModuleJar.build("hotsigned", PlainModule.class, "misc"), "hotsigned.jar");
        Path file = modules().resolve("hotsigned.jar");
        await("the new image refused", () -> log().contains("deploy: " + file + ": not deployed: " + file + ENFORCED
                + "the jar is not signed (EPERM)"));

        assertArrayEquals(registered, Files.readAllBytes(home().resolve("stand/dlkm/mod.d/hotsigned.jar")));
        assertTrue(ok("kmadmin -L hotsigned").startsWith("Module hotsigned loaded"));
    }
}
