package org.dlkm.kernel.runtime.internal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.master.TunableClass;
import org.dlkm.kernel.runtime.internal.master.TunableSpec;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.dlkm.kernel.tune.TunableChange;
import org.dlkm.kernel.tune.TunableEdit;
import org.dlkm.kernel.tune.TunableEdit.Operation;
import org.dlkm.kernel.tune.TunableInfo;
import org.dlkm.kernel.tune.TunableKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunableStoreTest {
    @TempDir
    Path home;

    /** e100 with a dynamic and a static tunable, its planned values in a map standing for its system file. */
    private final Map<String, Long> e100Planned = new LinkedHashMap<>();
    /** The values of e100's static tunables registered with its image (kminstall, kmupdate -M). */
    private final Map<String, Long> e100Registered = new LinkedHashMap<>(Map.of("e100_rx_ring", 64L));
    /** What the fake kernel configuration says. */
    private boolean kernelFile;
    private final java.util.Set<String> staticModules = new java.util.HashSet<>();
    private final java.util.Set<String> loaded = new java.util.HashSet<>();
    private Path pendingSystem;
    private final TunableEffects effects = new TunableEffects() {
        @Override
        public boolean bootsFromKernelFile() {
            return kernelFile;
        }

        @Override
        public boolean configuredStatically(String module) {
            return staticModules.contains(module);
        }

        @Override
        public boolean loaded(String module) {
            return loaded.contains(module);
        }

        @Override
        public Optional<Path> pendingSystemFile() {
            return Optional.ofNullable(pendingSystem);
        }
    };
    private final ModuleTunableFiles modules = new ModuleTunableFiles() {
        @Override
        public List<ModuleTunables> modules() {
            return List.of(new ModuleTunables("e100", List.of(
                    declaration("e100_debug", 0, 0, 7, TunableKind.DYNAMIC),
                    declaration("e100_rx_ring", 64, 16, 1024, TunableKind.STATIC)), Map.copyOf(e100Planned),
                    Map.copyOf(e100Registered)));
        }

        @Override
        public void writePlanned(String module, Map<String, Long> planned) {
            e100Planned.clear();
            e100Planned.putAll(planned);
        }
    };
    private TunableStore store;

    private static TunableDeclaration declaration(String name, long value, long min, long max, TunableKind kind) {
        return new TunableDeclaration(name, Optional.of("e100"), Optional.of("1.0.0"), TunableFormula.literal(value),
                OptionalLong.of(min), OptionalLong.of(max), kind);
    }

    @BeforeEach
    void boot() {
        store = new TunableStore(new TransitionLock(), home.resolve("usr/conf/master.d/core-hpux"), home.resolve("stand/system"), modules,
                Map.of(), new KernelLog(Clock.systemUTC()), effects);
        assertEquals(List.of(), store.boot());
    }

    private List<TunableChange> set(String name, String value, boolean apply) throws KernelException {
        return store.change(List.of(new TunableEdit(name, Operation.SET, value)), apply, null);
    }

    private TunableInfo info(String name) throws KernelException {
        return store.tunables(null).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private String systemFile() throws Exception {
        return Files.readString(home.resolve("stand/system"), StandardCharsets.UTF_8);
    }

    @Test
    void aFreshHomeGetsTheShippedMasterFileAndAnEmptySystemFileAndTheHpuxDefaults() throws Exception {
        assertTrue(Files.readString(home.resolve("usr/conf/master.d/core-hpux")).contains("nproc             (20+8*MAXUSERS)"));
        assertTrue(systemFile().contains("$TUNABLE\n$$$\n"), systemFile());
        assertEquals(32, store.current("maxusers"));
        assertEquals(276, store.current("nproc"));
        assertEquals(292, store.current("ncallout"));
        assertEquals(550, store.current("nfile"));
        TunableInfo nproc = info("nproc");
        assertEquals("(20+8*MAXUSERS)", nproc.planned());
        assertEquals(TunableKind.STATIC, nproc.kind());
        assertEquals(OptionalLong.of(10), nproc.min());
        assertEquals(List.of("callout_workers", "e100_debug", "e100_rx_ring", "maxfiles_lim", "maxuprc", "maxusers",
                "modautoload", "modcall_timeout", "module_sig_enforce", "ncallout", "nfile", "nproc"),
                store.tunables(null).stream().map(TunableInfo::name).collect(Collectors.toList()));
    }

    @Test
    void aStaticKernelTunableIsPlannedNotAppliedAndItsFormulaDependentsFollowAtTheNextBoot() throws Exception {
        List<TunableChange> changes = set("MAXUSERS", "64", true);
        assertEquals(List.of("maxusers"), changes.stream().map(TunableChange::name).collect(Collectors.toList()));
        assertTrue(changes.stream().noneMatch(TunableChange::applied));
        assertEquals(List.of("maxusers", "nproc", "ncallout", "nfile"), store.change(List.of(), true, null).stream()
                .map(TunableChange::name).collect(Collectors.toList()));
        assertTrue(systemFile().contains("$TUNABLE\nmaxusers 64\n$$$\n"), systemFile());
        assertEquals(32, store.current("maxusers"));
        assertEquals(532, info("nproc").plannedValue());
        assertEquals(276, info("nproc").current());
        boot();
        assertEquals(64, store.current("maxusers"));
        assertEquals(532, store.current("nproc"));
    }

    @Test
    void aDynamicTunableChangesAtOnceWithApplyAndItsModuleIsTold() throws Exception {
        List<String> told = new ArrayList<>();
        store.listen("e100", (name, oldValue, newValue) -> told.add(name + " " + oldValue + " -> " + newValue));
        set("e100_debug", "3", false);
        assertEquals(0, store.current("e100_debug"));
        assertEquals(Map.of("e100_debug", 3L), e100Planned);
        assertEquals(List.of(), told);
        List<TunableChange> applied = store.change(List.of(), true, null);
        assertTrue(applied.get(0).applied());
        assertEquals(3, store.moduleTunable("e100", List.of(), "E100_DEBUG"));
        assertEquals(List.of("e100_debug 0 -> 3"), told);
    }

    @Test
    void aStaticModuleTunableTakesEffectWhenItsImageIsConfiguredAndRegisteredNotAtItsNextLoad() throws Exception {
        assertEquals(64, store.moduleTunable("e100", List.of(), "e100_rx_ring"));
        List<TunableChange> changes = set("e100_rx_ring", "128", true);
        assertEquals(TunableChange.Effect.MODULE_IMAGE, changes.get(0).effect());
        store.moduleLoaded("e100");
        loaded.add("e100");
        assertEquals(64, store.moduleTunable("e100", List.of(), "e100_rx_ring"), "a load uses the registered value");
        assertEquals(64, info("e100_rx_ring").current());
        assertEquals(128, info("e100_rx_ring").plannedValue());
        e100Registered.put("e100_rx_ring", 128L);
        assertEquals(64, info("e100_rx_ring").current(), "loaded, it shows the value it runs with");
        loaded.remove("e100");
        assertEquals(128, info("e100_rx_ring").current(), "unloaded, what its next load uses");
        store.moduleLoaded("e100");
        assertEquals(128, store.moduleTunable("e100", List.of(), "e100_rx_ring"));
        assertEquals(Map.of("e100_rx_ring", 128L), store.loadedStaticValues("e100"));
    }

    @Test
    void aStaticTunableSaysWhenItTakesEffect() throws Exception {
        assertEquals(TunableChange.Effect.NEXT_BOOT, set("maxusers", "64", true).get(0).effect());
        kernelFile = true;
        assertEquals(TunableChange.Effect.KERNEL_BUILD, set("maxusers", "48", true).get(0).effect(),
                "the kernel file's values win at boot");
        staticModules.add("e100");
        assertEquals(TunableChange.Effect.KERNEL_BUILD, set("e100_rx_ring", "128", true).get(0).effect());
        assertEquals(TunableChange.Effect.NOW, set("e100_debug", "1", true).get(0).effect());
    }

    @Test
    void aKernelFilesValuesForItsStaticModulesAreWhatTheyLoadWithAndAreRangeChecked() throws Exception {
        assertEquals(Optional.empty(), store.bootKernelValues("vmunix", Map.of("maxusers", "64", "e100_rx_ring",
                "256")));
        assertEquals(64, store.current("maxusers"));
        store.moduleLoaded("e100");
        assertEquals(256, store.moduleTunable("e100", List.of(), "e100_rx_ring"));
        Optional<String> bad = store.bootKernelValues("vmunix", Map.of("e100_rx_ring", "2048"));
        assertTrue(bad.orElseThrow().startsWith("vmunix: e100_rx_ring: 2048 is above its maximum 1024"),
                bad::orElseThrow);
        assertEquals(256, store.moduleTunable("e100", List.of(), "e100_rx_ring"), "nothing changed");
        store.forgetKernelFileModuleValues();
        store.moduleLoaded("e100");
        assertEquals(64, store.moduleTunable("e100", List.of(), "e100_rx_ring"),
                "booted without the kernel file, the registered value");
    }

    @Test
    void anEditOfStandSystemIsCarriedIntoTheSystemFileAPendingKmupdateInstalls() throws Exception {
        pendingSystem = home.resolve("stand/build/dlkm.vmunix_test/system");
        Files.createDirectories(pendingSystem.getParent());
        Files.writeString(pendingSystem, "$VERSION\n1\n$$$\n$STATIC\nnfshaper\n$$$\n$TUNABLE\nmaxusers 48\n$$$\n");
        set("maxuprc", "100", false);
        store.change(List.of(new TunableEdit("maxusers", Operation.INCREMENT, "8")), false, null);
        String pending = Files.readString(pendingSystem);
        assertTrue(pending.contains("$STATIC\nnfshaper\n$$$\n$TUNABLE\nmaxusers 56\nmaxuprc 100\n$$$\n"), pending);
        assertTrue(systemFile().contains("$TUNABLE\nmaxuprc 100\nmaxusers 40\n$$$\n"), systemFile());

        Files.writeString(pendingSystem, pending.replace("maxusers 56", "nproc (MAXUSERS*1000)"));
        String before = systemFile();
        KernelException e = assertThrows(KernelException.class, () -> set("maxusers", "64", false));
        assertTrue(e.getMessage().startsWith(pendingSystem + ": nproc: (MAXUSERS*1000) = 64000 is above its"
                + " maximum 30000"), e.getMessage());
        assertTrue(e.getMessage().endsWith("so kmtune makes its edits there too; nothing was changed"));
        assertEquals(before, systemFile());
        assertTrue(Files.readString(pendingSystem).contains("nproc (MAXUSERS*1000)\n"));
    }

    @Test
    void theRunningKernelsTunablesOtherThanTheirDefaultsKeepAFormulaThatEvaluatesToTheCurrentValue()
            throws Exception {
        set("maxusers", "64", false);
        set("nproc", "(30+8*MAXUSERS)", false);
        boot();
        set("maxuprc", "100", true);
        set("nproc", "(40+8*MAXUSERS)", false);
        List<String> steps = new ArrayList<>();
        Map<String, String> running = store.runningDifferences(List.of(Map.of("NPROC", "(30+8*MAXUSERS)"),
                Map.of("nproc", "(40+8*MAXUSERS)")), steps);
        assertEquals(Map.of("maxusers", "64", "nproc", "(30+8*MAXUSERS)", "maxuprc", "100"), running);
        assertEquals(List.of("maxusers", "nproc", "maxuprc"), List.copyOf(running.keySet()));
        assertTrue(steps.contains("  nproc (30+8*MAXUSERS): current 542, default (20+8*MAXUSERS) = 532 (the running"
                + " kernel's line, which evaluates to 542)"), steps.toString());
        assertTrue(steps.stream().anyMatch(l -> l.startsWith("  callout_workers: automatic")), steps.toString());
        assertEquals(Map.of("maxusers", "64", "nproc", "542", "maxuprc", "100"), store.runningDifferences(
                List.of(Map.of("nproc", "(40+8*MAXUSERS)")), new ArrayList<>()));
    }

    @Test
    void aSecondCopyOfAModuleOrAnUnregisteredOneGetsItsOwnMasterFilesDefault() {
        List<TunableSpec> own = List.of(new TunableSpec("e100_rx_ring", 32, OptionalLong.empty(),
                OptionalLong.empty(), TunableClass.STATIC));
        assertEquals(32, store.moduleTunable("nic", own, "e100_rx_ring"));
        assertThrows(IllegalArgumentException.class, () -> store.moduleTunable("nic", own, "e100_debug"));
    }

    @Test
    void incrementAndResetWorkOnThePlannedValue() throws Exception {
        store.change(List.of(new TunableEdit("maxuprc", Operation.INCREMENT, "25")), false, null);
        assertEquals("100", info("maxuprc").planned());
        store.change(List.of(new TunableEdit("maxuprc", Operation.RESET, "")), false, null);
        assertEquals("75", info("maxuprc").planned());
        assertFalse(systemFile().contains("maxuprc"));
    }

    @Test
    void aValueOutOfRangeIsRefusedWithTheBoundAndNothingIsWritten() throws Exception {
        String before = systemFile();
        KernelException e = assertThrows(KernelException.class, () -> set("nproc", "1", false));
        assertEquals(Errno.ERANGE, e.errno());
        assertEquals("nproc: 1 is below its minimum 10; nproc takes values from 10 to 30000", e.getMessage());
        e = assertThrows(KernelException.class, () -> set("nproc", "(MAXUSERS/16)", false));
        assertEquals("nproc: (MAXUSERS/16) = 2 is below its minimum 10; nproc takes values from 10 to 30000",
                e.getMessage());
        e = assertThrows(KernelException.class, () -> set("maxusers", "4000", false));
        assertEquals(Errno.ERANGE, e.errno());
        assertTrue(e.getMessage().startsWith("nproc: (20+8*MAXUSERS) = 32020 is above its maximum 30000"),
                e.getMessage());
        assertEquals(before, systemFile());
    }

    @Test
    void anUnknownTunableOrValueOrACycleIsRefusedNamingBothTunables() throws Exception {
        KernelException e = assertThrows(KernelException.class, () -> set("nosuch", "1", false));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("nosuch: no such tunable"), e.getMessage());
        e = assertThrows(KernelException.class, () -> set("maxusers", "abc", false));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("tunable maxusers: its value abc names abc, which is no tunable; kmtune lists them",
                e.getMessage());
        e = assertThrows(KernelException.class, () -> set("maxusers", "(NPROC/8)", false));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("a cycle: "), e.getMessage());
        assertTrue(e.getMessage().contains("maxusers") && e.getMessage().contains("nproc"), e.getMessage());
        e = assertThrows(KernelException.class, () -> set("e100_debug", "(MAXUSERS/8)", false));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(systemFile().contains("$TUNABLE\n$$$"));
        assertEquals(Map.of(), e100Planned);
    }

    @Test
    void editsAreAllOrNothing() throws Exception {
        assertThrows(KernelException.class, () -> store.change(List.of(new TunableEdit("maxuprc", Operation.SET, "100"),
                new TunableEdit("nproc", Operation.SET, "1")), false, null));
        assertEquals("75", info("maxuprc").planned());
    }

    @Test
    void anotherSystemFileIsReadAndWrittenInsteadOfStandSystem() throws Exception {
        Path other = home.resolve("stand/build/system");
        store.change(List.of(new TunableEdit("maxusers", Operation.SET, "100")), false, other);
        assertTrue(Files.readString(other).contains("maxusers 100"));
        assertFalse(systemFile().contains("maxusers"));
        assertEquals("100", store.tunables(other).stream().filter(t -> t.name().equals("maxusers")).findFirst()
                .orElseThrow().planned());
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class,
                () -> store.tunables(home.resolve("nowhere"))).errno());
    }

    @Test
    void aBrokenSystemFileAtBootIsReportedAndTheDefaultsUsed() throws Exception {
        Files.writeString(home.resolve("stand/system"), "$VERSION\n1\n$$$\n$TUNABLE\nnproc (8*NFILE)\nnfile (2*NPROC)\n$$$\n");
        List<String> problems = store.boot();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("a cycle: nproc -> nfile -> nproc"), problems.get(0));
        assertTrue(problems.get(0).endsWith("; nproc has its default 276"), problems.get(0));
        assertEquals(276, store.current("nproc"));
    }

    @Test
    void theAutomaticTunableStartsAtItsPlannedValueWhichIsItsFloor() throws Exception {
        set("callout_workers", "4", false);
        boot();
        assertEquals(4, store.limits().floor("callout_workers"));
        store.limits().tuned("callout_workers", 9);
        assertEquals(9, info("callout_workers").current());
    }
}
