package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.spi.ModuleConstants;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The module contract as the shipped modules carry it: the headers {@code @ModuleWrapper} writes, the master file
 * where the kernel reads it, and the requirement on the kernel runtime's extender capability, which the framework
 * wires when the kernel loads a module.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleContractIT extends KernelTestSupport {
    /** The namespace of extender capabilities, and the attribute naming an extender in it. */
    private static final String EXTENDER_NAMESPACE = "osgi.extender";
    /** A clause of a Require-Capability header in the extender namespace, as bnd writes it; group 1 is the filter. */
    private static final Pattern EXTENDER_CLAUSE = Pattern.compile("(?:^|,)osgi\\.extender;filter:=\"([^\"]+)\"");

    @Test
    public void everyShippedModuleNamesItsWrapperAndCarriesItsMasterFile() throws IOException {
        for (Path jar : shippedModules()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes main = file.getManifest().getMainAttributes();
                String wrapper = main.getValue(ModuleConstants.MODULE_CLASS_HEADER);
                assertNotNull(jar + " names no wrapper", wrapper);
                assertNotNull(jar + " lacks the wrapper it names", file.getEntry(wrapper.replace('.', '/') + ".class"));
                assertEquals(jar.toString(), ModuleConstants.MASTER_ENTRY, main.getValue(ModuleConstants.MASTER_HEADER));
                assertNotNull(jar + " carries no master file", file.getEntry(ModuleConstants.MASTER_ENTRY));
            }
        }
    }

    @Test
    public void everyShippedModuleRequiresThisMajorVersionOfTheKernelExtender() throws Exception {
        Version provided = Version.parseVersion(ModuleConstants.EXTENDER_VERSION);
        Version nextMajor = new Version(provided.getMajor() + 1, 0, 0);
        for (Path jar : shippedModules()) {
            Filter requirement = extenderRequirement(jar);
            assertTrue(jar.toString(), requirement.matches(extender(provided)));
            assertFalse(jar.toString(), requirement.matches(extender(nextMajor)));
        }
    }

    @Test
    public void aLoadedModuleIsWiredToTheKernelRuntimesExtenderCapability() throws Exception {
        ModuleInfo vmklinux = kernel.load(LoadRequest.builder("vmklinux").tag("linux").exportSymbols(true).build())
                .module();
        BundleWiring wiring = context.getBundle(vmklinux.bundleId()).adapt(BundleWiring.class);
        List<BundleWire> wires = wiring.getRequiredWires(EXTENDER_NAMESPACE);
        assertEquals(1, wires.size());
        BundleWire wire = wires.get(0);
        assertEquals("org.dlkm.kernel.runtime", wire.getProvider().getSymbolicName());
        Map<String, Object> capability = wire.getCapability().getAttributes();
        assertEquals(ModuleConstants.EXTENDER_NAME, capability.get(EXTENDER_NAMESPACE));
        assertEquals(Version.parseVersion(ModuleConstants.EXTENDER_VERSION),
                capability.get("version"));
    }

    private static List<Path> shippedModules() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(System.getProperty("dlkm.modules")),
                "*.jar")) {
            List<Path> found = new ArrayList<>();
            jars.forEach(found::add);
            assertEquals("vmklinux, e100, aic7xxx and nfshaper", 4, found.size());
            return found;
        }
    }

    /** @return the filter of the jar's one requirement in the extender namespace */
    private static Filter extenderRequirement(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            String header = file.getManifest().getMainAttributes().getValue("Require-Capability");
            assertNotNull(jar + " requires no capability", header);
            Matcher clause = EXTENDER_CLAUSE.matcher(header);
            assertTrue(jar + " does not require an extender: " + header, clause.find());
            Filter filter = FrameworkUtil.createFilter(clause.group(1));
            assertFalse(jar + " requires more than one extender: " + header, clause.find());
            return filter;
        }
    }

    private static Map<String, Object> extender(Version version) {
        return Map.of(EXTENDER_NAMESPACE, ModuleConstants.EXTENDER_NAME,
                "version", version);
    }
}
