package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.tune.TunableChange;
import org.dlkm.kernel.tune.TunableEdit;
import org.dlkm.kernel.tune.TunableInfo;
import org.dlkm.kernel.tune.TunableKind;
import org.dlkm.kernel.tune.TunableService;
import org.junit.jupiter.api.Test;

class Kmtune_FormsTest {
    private static final List<TunableInfo> ALL = List.of(
            new TunableInfo("e100_watchdog_ms", 2000, "500", 500, "2000", OptionalLong.of(100), OptionalLong.of(60000),
                    TunableKind.DYNAMIC, Optional.of("e100"), Optional.of("1.0.0")),
            new TunableInfo("nproc", 276, "(20+8*MAXUSERS)", 276, "(20+8*MAXUSERS)", OptionalLong.of(10),
                    OptionalLong.empty(), TunableKind.STATIC, Optional.empty(), Optional.empty()),
            new TunableInfo("callout_workers", 3, "1", 1, "1", OptionalLong.of(1), OptionalLong.of(256),
                    TunableKind.AUTOMATIC, Optional.empty(), Optional.empty()));

    private final List<TunableEdit> edits = new ArrayList<>();
    private Path file;
    private boolean applied;
    /** What the service reports of a change; null for maxuprc applied as asked and nproc waiting for the boot. */
    private List<TunableChange> reported;
    private final Kmtune kmtune = new Kmtune(new TunableService() {
        @Override
        public List<TunableInfo> tunables(Path systemFile) {
            file = systemFile;
            return ALL;
        }

        @Override
        public List<TunableChange> change(List<TunableEdit> e, boolean apply, Path systemFile) {
            edits.addAll(e);
            applied = apply;
            file = systemFile;
            if (reported != null) {
                return reported;
            }
            return List.of(new TunableChange("maxuprc", "100", 100, TunableKind.DYNAMIC, apply, Optional.empty()),
                    new TunableChange("nproc", "(20+8*MAXUSERS)", 532, TunableKind.STATIC, false, Optional.empty()));
        }
    });

    @Test
    void theBriefReportHasTheHpuxColumnsUnderARuleAndMarksAutomaticWithA() {
        String out = kmtune.run(Path::of);
        String[] lines = out.split("\n");
        assertEquals("Parameter               Current Dyn Planned                        Module     Version", lines[0]);
        assertEquals("=".repeat(79), lines[1]);
        assertEquals("e100_watchdog_ms           2000  Y  500                            e100       1.0.0", lines[2]);
        assertEquals("nproc                       276  -  (20+8*MAXUSERS)", lines[3]);
        assertEquals("callout_workers               3  A  1", lines[4]);
    }

    @Test
    void theDetailedReportHasOneBlockATunableWithMaximumOnlyWhereThereIsOne() {
        String out = kmtune.run(Path::of, "-l", "-q", "nproc", "-q", "E100_WATCHDOG_MS");
        assertEquals(String.join("\n", "Parameter:  nproc", "Current:    276", "Planned:    (20+8*MAXUSERS)",
                "Default:    (20+8*MAXUSERS)", "Minimum:    10", "Module:     -", "Version:    -", "Dynamic:    No", "",
                "Parameter:  e100_watchdog_ms", "Current:    2000", "Planned:    500", "Default:    2000",
                "Minimum:    100", "Maximum:    60000", "Module:     e100", "Version:    1.0.0", "Dynamic:    Yes"), out);
    }

    @Test
    void minusDListsOnlyThoseWhosePlannedAndCurrentValuesDiffer() {
        String out = kmtune.run(Path::of, "-d");
        assertTrue(out.contains("e100_watchdog_ms") && out.contains("callout_workers"), out);
        assertTrue(!out.contains("nproc"), out);
    }

    @Test
    void setIncrementAndResetBecomeEditsAndMinusUSaysWhatAppliedAndWhatWaitsForTheBoot() {
        assertNull(kmtune.run(f -> Path.of("/stand/build").resolve(f), "-s", "maxuprc=100", "-s", "nfile+10", "-r", "nproc", "-S",
                "system"));
        assertEquals(List.of(new TunableEdit("maxuprc", TunableEdit.Operation.SET, "100"),
                new TunableEdit("nfile", TunableEdit.Operation.INCREMENT, "10"),
                new TunableEdit("nproc", TunableEdit.Operation.RESET, "")), edits);
        assertEquals(Path.of("/stand/build/system"), file);
        String out = kmtune.run(Path::of, "-u", "-s", "maxuprc=100");
        assertTrue(applied);
        assertEquals("maxuprc: now 100 in the running kernel\nnproc: static; (20+8*MAXUSERS) = 532 takes effect at"
                + " the next boot", out);
    }

    @Test
    void minusUSaysADynamicTunableItCouldNotLowerStaysOnUntilTheNextBoot() {
        reported = List.of(new TunableChange("module_sig_enforce", "0", 0, TunableKind.DYNAMIC, false,
                Optional.empty(), TunableChange.Effect.NEXT_BOOT));
        assertEquals("module_sig_enforce: dynamic, but on until the next boot; 0 takes effect at the next boot",
                kmtune.run(Path::of, "-u"));
    }

    @Test
    void minusUSaysWhenAStaticChangeTakesEffectAsTheSeedDoes() {
        TunableChange kernelFile = new TunableChange("maxusers", "64", 64, TunableKind.STATIC, false, Optional.empty(),
                TunableChange.Effect.KERNEL_BUILD);
        assertEquals("once a kernel is built with it and installed (config -u /stand/system, then shutdown -r)",
                Kmtune.when(kernelFile));
        TunableChange module = new TunableChange("vmklinux_procfs", "0", 0, TunableKind.STATIC, false,
                Optional.of("vmklinux"));
        assertEquals(TunableChange.Effect.MODULE_IMAGE, module.effect());
        assertEquals("when vmklinux's image is configured and registered (config -M vmklinux -u)",
                Kmtune.when(module));
        assertEquals("at the next boot", Kmtune.when(new TunableChange("nproc", "300", 300, TunableKind.STATIC, false,
                Optional.empty())));
    }

    @Test
    void queryingAndChangingTogetherIsAUsageErrorThatChangesNothing() {
        CommandFailure f = assertThrows(CommandFailure.class, () -> kmtune.run(Path::of, "-u", "-l"));
        assertEquals(Errno.EINVAL, f.errno());
        assertTrue(f.getMessage().startsWith("kmtune: -u -l: -l, -d and -q query; -s, -r and -u change; they do not"
                + " go together\nUsage: kmtune"), f.getMessage());
        assertThrows(CommandFailure.class, () -> kmtune.run(Path::of, "-d", "-s", "nproc=300"));
        assertThrows(CommandFailure.class, () -> kmtune.run(Path::of, "-s", "nproc"));
        assertTrue(edits.isEmpty());
    }
}
