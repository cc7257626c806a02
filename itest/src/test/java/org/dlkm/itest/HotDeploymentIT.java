package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.dlkm.itest.modules.plain.PlainModule;
import org.dlkm.kernel.ModuleInfo;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Hot deployment (issue 13, first part) with the real Apache Felix FileInstall watching a module directory of its
 * own: a jar copied in is registered as {@code kminstall -a} does; a changed jar of a loaded module is registered and
 * the module reloaded on it; a deleted jar's module is withdrawn; a jar that is not a module is refused once and
 * never installed as a bundle; the shipped jars FileInstall reports at its start change nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeploymentIT extends KernelTestSupport {
    /** Set while Pax Exam configures the framework, outside it; the tests read the framework property instead. */
    private static Path configured;

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

    /** @return the module directory FileInstall watches, as the framework was given it */
    private Path modules() {
        return Path.of(context.getProperty("felix.fileinstall.dir"));
    }

    /** Copies a jar into the module directory as an administrator's {@code mv} does: whole, at once. */
    private void drop(Path jar, String name) throws IOException {
        Path modules = modules();
        Path temp = Files.createTempFile(modules.getParent(), "drop", ".tmp");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, modules.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
    public void theShippedJarsFileInstallFindsAtItsStartChangeNothing() throws Exception {
        Thread.sleep(1_000); // FileInstall's first scans
        String log = log();
        for (String shipped : List.of("vmklinux", "e100", "aic7xxx", "nfshaper")) {
            assertFalse(log, log.contains("deploy: " + modules().resolve(shipped + ".jar")));
            assertFalse(log, log.contains("kminstall: updated " + shipped));
        }
        assertTrue(kernel.list().isEmpty());
    }

    @Test
    public void aJarCopiedIntoTheModuleDirectoryIsRegisteredAndADeletedOneWithdrawn() throws Exception {
        Path modules = modules();
        drop(TestModuleJar.build("hotplain", PlainModule.class, "misc"), "hotplain.jar");
        await("hotplain registered", () -> catalog.entry("hotplain").isPresent());
        assertTrue(log(), log().contains("deploy: " + modules.resolve("hotplain.jar") + ": registered module hotplain"
                + " (as kminstall -a)"));
        assertTrue("registering loads nothing", bundlesNamed("org.dlkm.itest.hotplain").isEmpty());
        ok("kmadmin -L hotplain");
        ok("kmadmin -U hotplain");

        Files.delete(modules.resolve("hotplain.jar"));
        await("hotplain withdrawn", () -> catalog.entry("hotplain").isEmpty());
    }

    @Test
    public void aChangedJarOfALoadedModuleIsRegisteredAndTheModuleReloadedOnIt() throws Exception {
        Path modules = modules();
        drop(TestModuleJar.build("hotswap", PlainModule.class, "misc"), "hotswap.jar");
        await("hotswap registered", () -> catalog.entry("hotswap").isPresent());
        ok("vmkload_mod hotswap swaptag");
        ModuleInfo before = kernel.query("hotswap").orElseThrow();

        drop(TestModuleJar.build("hotswap", PlainModule.class, "misc", Map.of("Bundle-Version", "2.0.0")),
                "hotswap.jar");
        await("hotswap reloaded", () -> kernel.query("hotswap").map(m -> m.id() != before.id()).orElse(false));
        await("the deployment's log line", () -> log().contains("deploy: " + modules.resolve("hotswap.jar")
                + ": registered the new image of loaded module hotswap"));
        ModuleInfo after = kernel.query("hotswap").orElseThrow();
        assertEquals("swaptag", after.tag());
        assertEquals("2.0.0", after.version());
        assertTrue(log(), log().contains("deploy: " + modules.resolve("hotswap.jar") + ": registered the new image of"
                + " loaded module hotswap (as kminstall -u); Module hotswap updated and reloaded on its new image"));
        ok("vmkload_mod -u hotswap");
        Files.delete(modules.resolve("hotswap.jar"));
        await("hotswap withdrawn", () -> catalog.entry("hotswap").isEmpty());
    }

    @Test
    public void aFileThatIsNotAModuleIsRefusedOnceAndNeverInstalledAsABundle() throws Exception {
        Path modules = modules();
        Path junk = Files.createTempFile("junk", ".jar");
        Files.writeString(junk, "not a zip at all", StandardCharsets.UTF_8);
        drop(junk, "junk.jar");
        drop(TestModuleJar.plainBundle("org.dlkm.itest.notamodule", Map.of()), "notamodule.jar");
        await("both refused", () -> log().contains("junk.jar: not deployed: ")
                && log().contains("notamodule.jar: not deployed: "));
        Thread.sleep(1_000); // several polls
        String log = log();
        assertEquals(log, log.indexOf("junk.jar: not deployed: "), log.lastIndexOf("junk.jar: not deployed: "));
        assertTrue(log, log.contains("notamodule.jar: not deployed: " + modules.resolve("notamodule.jar")
                + ": not a dlkm module: its manifest has no DLKM-Module-Class header"));
        for (Bundle b : context.getBundles()) {
            assertFalse(b.getLocation(), b.getLocation().contains(modules.getFileName().toString()));
        }
        Files.delete(modules.resolve("junk.jar"));
        Files.delete(modules.resolve("notamodule.jar"));
    }
}
