package org.dlkm.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.spi.ModuleConstants;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Boots Felix with the real dlkm bundles (kernel API, runtime, shell, and what they need: SCR and Gogo's runtime)
 * and the shipped module jars as the module directory. Each test leaves the kernel as it found it: every module
 * still loaded afterwards is unloaded, newest first.
 */
public abstract class KernelTestSupport {

    @Inject
    protected BundleContext context;

    @Inject
    protected KernelService kernel;

    @Inject
    protected DeviceService devices;

    @Inject
    protected ProcTree proc;

    @Inject
    protected CommandProcessor commands;

    @Inject
    protected org.dlkm.kernel.catalog.ModuleCatalog catalog;

    @Configuration
    public Option[] config() throws IOException {
        Path home = Files.createTempDirectory("dlkm-itest-home");
        prepareHome(home);
        List<Option> opts = new ArrayList<>();
        opts.add(junitBundles());
        opts.add(cleanCaches());
        opts.add(systemProperty("pax.exam.service.timeout").value("5000"));
        opts.add(frameworkProperty("dlkm.home").value(home.toString()));
        opts.add(frameworkProperty("dlkm.modules").value(moduleDirectory()));
        String hardware = hardwareFile();
        if (hardware != null) {
            opts.add(frameworkProperty("dlkm.hardware").value(hardware));
        }
        File bundles = new File(required("dlkm.bundles"));
        // the OSGi log API, so that the runtime's optional import of it resolves (no log service is registered)
        opts.add(bundle(new File(required("dlkm.logApi")).toURI().toString()));
        for (String prefix : new String[] {"org.osgi.util.function", "org.osgi.util.promise",
                "org.osgi.service.component-", "org.apache.felix.scr", "org.apache.felix.gogo.runtime", "kernel-api",
                "kernel-runtime", "kernel-shell"}) {
            opts.add(bundle(jar(bundles, prefix).toURI().toString()));
        }
        opts.addAll(extraOptions(bundles));
        return options(opts.toArray(new Option[0]));
    }

    /** @return the module directory the kernel gets: the shipped modules of the distribution, unless overridden */
    protected String moduleDirectory() throws IOException {
        return required("dlkm.modules");
    }

    /**
     * @param bundles the directory of the distribution's bundles
     * @return more options for this test class: framework properties, more bundles; none by default
     */
    protected List<Option> extraOptions(File bundles) {
        return List.of();
    }

    /** @return the option that installs the distribution bundle whose file name starts with the prefix */
    protected static Option distributionBundle(File bundles, String prefix) {
        return bundle(jar(bundles, prefix).toURI().toString());
    }

    /** Prepares the kernel home before the framework boots; by default leaves it empty (a first boot). */
    protected void prepareHome(Path home) throws IOException {
        // a first boot
    }

    /**
     * Registers a module in a kernel home before the kernel boots, as {@code kminstall -a} leaves it: its image, its
     * master file and its system file, the files given as the bytes to write.
     */
    protected static void register(Path home, Path jar, String name, byte[] master, byte[] system) throws IOException {
        Files.copy(jar, Files.createDirectories(home.resolve("stand/dlkm/mod.d")).resolve(name + ".jar"));
        Files.write(Files.createDirectories(home.resolve("usr/conf/master.d")).resolve(name), master);
        Files.write(Files.createDirectories(home.resolve("stand/system.d")).resolve(name), system);
    }

    /** @return the master file a module jar carries */
    protected static byte[] masterOf(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry(ModuleConstants.MASTER_ENTRY))) {
            return in.readAllBytes();
        }
    }

    /** @return a hardware description file for this test class, or null for the seed's machine */
    protected String hardwareFile() throws IOException {
        return null;
    }

    protected static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests with mvn verify");
        }
        return value;
    }

    private static File jar(File dir, String prefix) {
        File[] found = dir.listFiles((d, n) -> n.startsWith(prefix) && n.endsWith(".jar"));
        if (found == null || found.length != 1) {
            throw new IllegalStateException("expected one " + prefix + "*.jar in " + dir);
        }
        return found[0];
    }

    /** Waits until the kernel has booted: it boots its modules on a thread of its own. */
    @Before
    public void awaitBoot() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        String running = "(" + KernelService.STATE_PROPERTY + "=" + KernelService.STATE_RUNNING + ")";
        while (context.getServiceReferences(KernelService.class, running).isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the kernel did not boot within 60 s");
            }
            Thread.sleep(10);
        }
    }

    /** Unloads whatever a test left loaded, newest first, so that the next test starts from an empty table. */
    @After
    public void unloadEverything() throws Exception {
        List<ModuleInfo> loaded = new ArrayList<>(kernel.list());
        for (int i = loaded.size() - 1; i >= 0; i--) {
            devices.handles().forEach(h -> h.close());
            kernel.unload(loaded.get(i).name());
        }
    }

    /** The outcome of a shell command: what it printed and what it threw. */
    protected static final class Result {
        final String output;
        final Exception error;

        Result(String output, Exception error) {
            this.output = output;
            this.error = error;
        }

        String errorMessage() {
            return error == null ? null : error.getMessage();
        }
    }

    /** Runs one command line in a new Gogo session, as an administrator types it. */
    protected Result shell(String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = commands.createSession(System.in, ps, ps)) {
            session.put("SCOPE", "dlkm:*");
            Object value = session.execute(line);
            if (value != null) {
                ps.print(session.format(value, org.apache.felix.service.command.Converter.INSPECT));
            }
            return new Result(out.toString(StandardCharsets.UTF_8), null);
        } catch (Exception e) {
            return new Result(out.toString(StandardCharsets.UTF_8), e);
        }
    }

    /** Runs a command line that must succeed and returns what it printed. */
    protected String ok(String line) {
        Result r = shell(line);
        if (r.error != null) {
            throw new AssertionError("'" + line + "' failed: " + r.errorMessage(), r.error);
        }
        return r.output;
    }

    /** Runs a command line that must fail and returns its error message. */
    protected String refused(String line) {
        Result r = shell(line);
        if (r.error == null) {
            throw new AssertionError("'" + line + "' should have been refused but printed: " + r.output);
        }
        return r.errorMessage();
    }

    /** @return the bundles whose symbolic name starts with the prefix */
    protected List<Bundle> bundlesNamed(String prefix) {
        List<Bundle> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith(prefix)) {
                found.add(b);
            }
        }
        return found;
    }

    /** @return the live threads whose name starts with the prefix */
    protected static List<String> threadsNamed(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
