package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

class FrameworkBoot_PropertiesTest {

    @TempDir
    Path tmp;

    private LockedHome locked;
    private KernelHome home;
    private Distribution distribution;

    @BeforeEach
    void layOut() throws Exception {
        locked = LockedHome.prepare(tmp.resolve("var"));
        home = locked.home;
        distribution = new Distribution(tmp.resolve("dist"));
    }


    @AfterEach
    void releaseTheLock() {
        locked.close();
    }
    @Test
    void theKernelIsToldItsHomeAndModuleDirectoryAsAbsolutePaths() {
        Map<String, String> properties = FrameworkBoot.properties(home, Optional.empty(), distribution, false);

        assertEquals(tmp.resolve("var").toString(), properties.get(FrameworkBoot.HOME));
        assertEquals(tmp.resolve("var/vmkmod").toString(), properties.get(FrameworkBoot.MODULES));
        assertFalse(properties.containsKey(FrameworkBoot.HARDWARE));
    }

    @Test
    void aHardwareFileIsPassedAbsolute() {
        Map<String, String> properties = FrameworkBoot.properties(home, Optional.of(tmp.resolve("x/../hw.txt")),
                distribution, false);

        assertEquals(tmp.resolve("hw.txt").toString(), properties.get(FrameworkBoot.HARDWARE));
    }

    @Test
    void aKernelFileIsPassedAbsoluteAndNoneWithoutKernel() {
        Map<String, String> properties = FrameworkBoot.properties(home, Optional.empty(),
                Optional.of(tmp.resolve("x/../vmunix.prev")), distribution, false);

        assertEquals(tmp.resolve("vmunix.prev").toString(), properties.get(FrameworkBoot.KERNEL));
        assertFalse(FrameworkBoot.properties(home, Optional.empty(), distribution, false)
                .containsKey(FrameworkBoot.KERNEL));
    }

    @Test
    void theFrameworkStoresInTheHomeAndStartsCleanEachTime() {
        Map<String, String> properties = FrameworkBoot.properties(home, Optional.empty(), distribution, false);

        assertEquals(tmp.resolve("var/felix-cache").toString(), properties.get(Constants.FRAMEWORK_STORAGE));
        assertEquals("onFirstInit", properties.get(Constants.FRAMEWORK_STORAGE_CLEAN));
    }

    @Test
    void theFrameworkIsSilentUnlessVerbose() {
        assertEquals("0", FrameworkBoot.properties(home, Optional.empty(), distribution, false)
                .get("felix.log.level"));
        assertEquals("4", FrameworkBoot.properties(home, Optional.empty(), distribution, true)
                .get("felix.log.level"));
    }

    @Test
    void theFrameworksLoginShellReadsTheDistributionsProfileAndNeverGoesInteractive() {
        Map<String, String> properties = FrameworkBoot.properties(home, Optional.empty(), distribution, false);

        assertEquals(tmp.resolve("dist").toString(), properties.get("gosh.home"));
        assertEquals("--nointeractive", properties.get("gosh.args"));
    }

    @Test
    void nothingOfGogoIsExportedFromTheSystemBundle() {
        assertFalse(FrameworkBoot.properties(home, Optional.empty(), distribution, false)
                .containsKey(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA));
    }
}
