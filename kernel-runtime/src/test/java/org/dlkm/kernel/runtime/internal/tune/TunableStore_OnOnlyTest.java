package org.dlkm.kernel.runtime.internal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.dlkm.kernel.tune.TunableChange;
import org.dlkm.kernel.tune.TunableEdit;
import org.dlkm.kernel.tune.TunableEdit.Operation;
import org.dlkm.kernel.tune.TunableKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code module_sig_enforce}: off by default, and once on in the running kernel, on until the next boot. */
class TunableStore_OnOnlyTest {
    private static final String ENFORCE = KernelLimits.MODULE_SIG_ENFORCE;

    @TempDir
    Path home;

    private TunableStore store;

    private final ModuleTunableFiles noModules = new ModuleTunableFiles() {
        @Override
        public List<ModuleTunables> modules() {
            return List.of();
        }

        @Override
        public void writePlanned(String module, Map<String, Long> planned) {
            throw new AssertionError("no module tunable is written");
        }
    };

    @BeforeEach
    void boot() {
        store = newStore();
    }

    private TunableStore newStore() {
        TunableStore s = new TunableStore(new TransitionLock(), home.resolve("usr/conf/master.d/core-hpux"),
                home.resolve("stand/system"), noModules, Map.of(), new KernelLog(Clock.systemUTC()));
        assertEquals(List.of(), s.boot());
        return s;
    }

    private List<TunableChange> change(boolean apply, TunableEdit... edits) throws KernelException {
        return store.change(List.of(edits), apply, null);
    }

    private static TunableEdit set(String name, String value) {
        return new TunableEdit(name, Operation.SET, value);
    }

    private String systemFile() throws Exception {
        return Files.readString(home.resolve("stand/system"), StandardCharsets.UTF_8);
    }

    private void turnOn() throws KernelException {
        change(true, set(ENFORCE, "1"));
        assertEquals(1, store.limits().get(ENFORCE));
    }

    @Test
    void signaturesAreNotEnforcedByDefaultAndTheTunableIsDynamic() throws Exception {
        assertEquals(0, store.limits().get(ENFORCE));
        var info = store.tunables(null).stream().filter(t -> t.name().equals(ENFORCE)).findFirst().orElseThrow();
        assertEquals(TunableKind.DYNAMIC, info.kind());
        assertEquals(0, info.min().getAsLong());
        assertEquals(1, info.max().getAsLong());
    }

    @Test
    void turningItOnAppliesAtOnceAndIsPlannedForTheNextBoot() throws Exception {
        turnOn();
        assertTrue(systemFile().contains(ENFORCE + " 1\n"), systemFile());
        assertEquals(1, newStore().limits().get(ENFORCE));
    }

    @Test
    void loweringItInTheRunningKernelIsRefusedNamingTheTunableAndWritesNothing() throws Exception {
        turnOn();
        String before = systemFile();
        for (TunableEdit lower : List.of(set(ENFORCE, "0"), new TunableEdit(ENFORCE, Operation.RESET, ""),
                new TunableEdit(ENFORCE, Operation.INCREMENT, "-1"))) {
            KernelException e = assertThrows(KernelException.class, () -> change(true, set("maxuprc", "100"), lower));
            assertEquals(Errno.EPERM.number(), e.number());
            assertTrue(e.getMessage().startsWith(ENFORCE + ": 0 is refused for the running kernel: " + ENFORCE
                    + " is 1, and once on it stays on until the next boot"), e.getMessage());
            assertTrue(e.getMessage().endsWith("kmtune -s " + ENFORCE + "=0 without -u plans it for the next boot"),
                    e.getMessage());
            assertEquals(before, systemFile());
            assertEquals(1, store.limits().get(ENFORCE));
            assertEquals(75, store.limits().get("maxuprc"));
        }
    }

    @Test
    void loweringThePlannedValueIsAllowedAndTakesEffectAtTheNextBootOnly() throws Exception {
        turnOn();
        change(false, set(ENFORCE, "0"));
        assertTrue(systemFile().contains(ENFORCE + " 0\n"), systemFile());
        assertEquals(1, store.limits().get(ENFORCE));

        List<TunableChange> applied = change(true, set("maxuprc", "100"));
        assertEquals(100, store.limits().get("maxuprc"));
        assertEquals(1, store.limits().get(ENFORCE));
        TunableChange kept = applied.stream().filter(c -> c.name().equals(ENFORCE)).findFirst().orElseThrow();
        assertFalse(kept.applied());
        assertEquals(0, kept.plannedValue());
        assertEquals(TunableChange.Effect.NEXT_BOOT, kept.effect());

        List<TunableChange> applyOnly = change(true);
        assertEquals(1, store.limits().get(ENFORCE));
        assertTrue(applyOnly.stream().anyMatch(c -> c.name().equals(ENFORCE) && !c.applied()), applyOnly.toString());

        assertEquals(0, newStore().limits().get(ENFORCE));
    }

    @Test
    void whileItIsOffItMayBeSetAndResetFreely() throws Exception {
        change(true, set(ENFORCE, "0"));
        assertEquals(0, store.limits().get(ENFORCE));
        change(false, set(ENFORCE, "1"));
        change(true, new TunableEdit(ENFORCE, Operation.RESET, ""));
        assertEquals(0, store.limits().get(ENFORCE));
    }
}
