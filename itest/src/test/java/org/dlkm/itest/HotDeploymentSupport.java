package org.dlkm.itest;

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

import org.ops4j.pax.exam.Option;

/**
 * A kernel with hot deployment: the real Apache Felix FileInstall watching a module directory of the test class's own
 * (the shipped jars copied in, as the launcher installs them), every 200 ms, as the launcher sets it up; and what the
 * tests do with it: drop a jar in whole, wait for what the kernel does, read its log.
 */
public abstract class HotDeploymentSupport extends KernelTestSupport {
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
    protected Path modules() {
        return Path.of(context.getProperty("felix.fileinstall.dir"));
    }

    /** @return the kernel home */
    protected Path home() {
        return Path.of(context.getProperty("dlkm.home"));
    }

    /** Copies a jar into the module directory as an administrator's {@code mv} does: whole, at once. */
    protected void drop(Path jar, String name) throws IOException {
        Path temp = Files.createTempFile(modules().getParent(), "drop", ".tmp");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, modules().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Waits up to 15 s for a condition, failing with {@code what}. */
    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertTrue(what, System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    /** @return the kernel log, {@code /proc/vmware/log} */
    protected String log() {
        return ok("cat /proc/vmware/log");
    }
}
