package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.ModuleImages;
import org.dlkm.kernel.config.KernelConfiguration;
import org.junit.jupiter.api.Test;

/** The kernel build tools read their command lines as the seed types them, with HP-UX's defaults. */
class KernelBuild_ArgumentsTest {
    private final List<String> calls = new ArrayList<>();
    private final Function<String, Path> files = typed -> Path.of("/home/var").resolve(typed.replaceFirst("^/", ""));

    /** The module images' side: {@code -M} forms go there, recorded in {@link #calls}. */
    private final ModuleImages images = new ModuleImages() {
        @Override
        public String configure(String name) {
            calls.add("configure " + name);
            return "configured " + name;
        }

        @Override
        public Update update(String name, When when) {
            calls.add("update -M " + name + " " + when);
            return new Update(name, false, "updated " + name);
        }

        @Override
        public List<String> pending() {
            return List.of();
        }
    };

    private final KernelBuild build = new KernelBuild(new KernelConfiguration() {
        @Override
        public List<String> describeRunningKernel(Path file) {
            calls.add("prep " + file);
            return List.of("step 1", "Wrote the system file " + file);
        }

        @Override
        public List<String> staticModules(Path systemFile) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> plannedStaticModules() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> configureStatic(Path systemFile, String module, boolean configure) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> build(Path systemFile, Path kernelFile) throws KernelException {
            calls.add("build " + systemFile + " " + kernelFile);
            if (systemFile.endsWith("bad")) {
                throw new KernelException(Errno.ENOEXEC, "cannot build a kernel from " + systemFile);
            }
            return List.of("Read it", "Wrote the kernel " + kernelFile);
        }

        @Override
        public List<String> update(Path kernelFile) {
            calls.add("update " + kernelFile);
            return List.of("Kernel update request is scheduled.");
        }
    }, new ModuleImageUpdates(images));

    @Test
    void mkKernelReadsStandBuildSystemIntoVmunixTestByDefault() {
        assertEquals("Wrote the kernel /home/var/stand/build/vmunix_test", build.mkKernel(files));
        assertEquals("Read it\nWrote the kernel /home/var/k", build.mkKernel(files, "-v", "-o", "k", "-s", "s"));
        assertEquals(List.of("build /home/var/stand/build/system /home/var/stand/build/vmunix_test",
                "build /home/var/s /home/var/k"), calls);
    }

    @Test
    void configBuildsAndWithUUpdatesAndMConfiguresAModuleImage() {
        assertEquals("Wrote the kernel /home/var/stand/build/vmunix_test\nKernel update request is scheduled.",
                build.config(files, "-u", "/stand/system"));
        assertEquals("configured e100\nupdated e100", build.config(files, "-M", "e100", "-u"));
        calls.removeAll(List.of("configure e100", "update -M e100 NOW_OR_AT_SHUTDOWN"));
        CommandFailure bad = assertThrows(CommandFailure.class, () -> build.config(files, "-u", "/stand/bad"));
        assertEquals("config: cannot build a kernel from /home/var/stand/bad (ENOEXEC)", bad.getMessage());
        assertEquals(List.of("build /home/var/stand/system /home/var/stand/build/vmunix_test",
                "update /home/var/stand/build/vmunix_test",
                "build /home/var/stand/bad /home/var/stand/build/vmunix_test"),
                calls);
    }

    @Test
    void kmupdateInstallsTheBuiltKernelByDefaultAndMAModuleImage() {
        build.kmupdate(files);
        build.kmupdate(files, "/stand/vmunix.test");
        assertEquals(List.of("update /home/var/stand/build/vmunix_test", "update /home/var/stand/vmunix.test"), calls);
        assertEquals("updated e100", build.kmupdate(files, "-M", "e100", "-i"));
        assertEquals("update -M e100 NOW", calls.get(calls.size() - 1));
        assertEquals(Errno.EINVAL, assertThrows(CommandFailure.class, () -> build.kmupdate(files, "a", "b")).errno());
    }

    @Test
    void systemPrepNeedsSAndSpeaksOnlyWithV() {
        assertNull(build.systemPrep(files, "-s", "system"));
        assertEquals("step 1\nWrote the system file /home/var/system", build.systemPrep(files, "-v", "-s", "system"));
        CommandFailure none = assertThrows(CommandFailure.class, () -> build.systemPrep(files, "-v"));
        assertTrue(none.getMessage().startsWith("system_prep: -s system_file is required\nUsage: system_prep"),
                none.getMessage());
    }
}
