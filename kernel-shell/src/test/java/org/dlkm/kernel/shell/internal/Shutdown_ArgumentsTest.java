package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Shutdown_ArgumentsTest {

    @Test
    void theHpuxAndLinuxFormsAllSayHaltOrReboot() {
        assertEquals(Shutdown.Action.HALT, Shutdown.shutdown("-h"));
        assertEquals(Shutdown.Action.HALT, Shutdown.shutdown("-h", "now"));
        assertEquals(Shutdown.Action.HALT, Shutdown.shutdown("-hy", "0"));
        assertEquals(Shutdown.Action.REBOOT, Shutdown.shutdown("-r", "-y", "+0"));
        assertEquals(Shutdown.Action.REBOOT, Shutdown.reboot());
    }

    @Test
    void shutdownWithoutHOrRIsRefusedSayingWhichToGive() {
        CommandFailure e = assertThrows(CommandFailure.class, () -> Shutdown.shutdown("now"));

        assertEquals("shutdown: say -h to halt the kernel or -r to reboot it\n" + Shutdown.USAGE + " (EINVAL)",
                e.getMessage());
    }

    @Test
    void aGracePeriodIsRefusedTheKernelStopsAtOnce() {
        CommandFailure e = assertThrows(CommandFailure.class, () -> Shutdown.shutdown("-h", "60"));

        assertEquals("shutdown: a grace period of 60 is not supported: the kernel stops at once; give now or 0\n"
                + Shutdown.USAGE + " (EINVAL)", e.getMessage());
    }

    @Test
    void haltAndRebootTogetherAreRefused() {
        assertThrows(CommandFailure.class, () -> Shutdown.shutdown("-h", "-r"));
        assertThrows(CommandFailure.class, () -> Shutdown.shutdown("-hr"));
    }

    @Test
    void rebootTakesNoArguments() {
        CommandFailure e = assertThrows(CommandFailure.class, () -> Shutdown.reboot("-f"));

        assertEquals("reboot: reboot takes no arguments; shutdown -h halts the kernel\n" + Shutdown.USAGE
                + " (EINVAL)", e.getMessage());
    }
}
