package org.dlkm.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.dlkm.itest.modules.plain.PlainModule;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
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
public class HotDeploymentSigningIT extends KernelTestSupport {
    private static final String ENFORCED = ": refused: module signatures are enforced (module_sig_enforce=1) and ";
    /** Set while Pax Exam configures the framework, outside it; the tests read the framework property instead. */
    private static Path configured;

    private ModuleSigner signer;

    @Override
    protected String moduleDirectory() throws IOException {
        Path modules = Files.createTempDirectory("dlkm-itest-vmkmod");
        configured = modules;
        try (Stream<Path> shipped = Files.list(Path.of(required("dlkm.modules")))) {
            for (Path jar : shipped.toList()) {
                Files.copy(jar, modules.resolve(jar.getFileName()));
            }
        }
        return modules.toString();
    }

    @Override
    protected List<Option> extraOptions(File bundles) {
        return List.of(frameworkProperty("felix.fileinstall.dir").value(configured.toString()),
                frameworkProperty("felix.fileinstall.filter").value(".*\\.jar"),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.log.level").value("1"),
                distributionBundle(bundles, "org.apache.felix.fileinstall"));
    }

    private Path home() {
        return Path.of(context.getProperty("dlkm.home"));
    }

    private Path modules() {
        return Path.of(context.getProperty("felix.fileinstall.dir"));
    }

    @Before
    public void enforceSignatures() throws Exception {
        signer = ModuleSigner.forHome(home());
        ok("kmtune -u -s module_sig_enforce=1");
    }

    /** Copies a jar into the module directory whole, at once, as an administrator's {@code mv} does. */
    private void drop(Path jar, String name) throws IOException {
        Path temp = Files.createTempFile(modules().getParent(), "drop", ".tmp");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, modules().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertTrue(what, System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    private String log() {
        return ok("cat /proc/vmware/log");
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
