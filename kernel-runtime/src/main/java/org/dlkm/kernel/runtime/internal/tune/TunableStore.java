package org.dlkm.kernel.runtime.internal.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.KernelLog;
import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;
import org.dlkm.kernel.runtime.internal.master.TunableSpec;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;
import org.dlkm.kernel.tune.TunableChange;
import org.dlkm.kernel.tune.TunableEdit;
import org.dlkm.kernel.tune.TunableInfo;
import org.dlkm.kernel.tune.TunableKind;
import org.dlkm.kernel.tune.TunableService;

/**
 * The kernel's tunables: declarations (the kernel master file {@code core-hpux} and the modules' master files),
 * planned values (the kernel system file {@code stand/system} and the modules' system files) and the current values
 * of the running kernel. Static kernel tunables get their current value at boot (from the kernel file boot reads, or
 * {@code stand/system} without one). A module's static tunables have the values registered with its image
 * ({@code config -M} records them, {@code kmupdate -M} or {@code kminstall} registers them): a load takes those, or,
 * for a module the kernel file configures statically, the kernel file's. Dynamic ones change at once with
 * {@code kmtune -u}; automatic ones are set by the kernel (through {@link #limits()}).
 *
 * <p>Why this class is large: it is both the {@code TunableService} that {@code kmtune} calls and the running
 * kernel's record of current values that boot (its kernel file's values, for the kernel and its static modules),
 * loads (a module's registered values) and the enforcement points use; the two share one lock order and one map of
 * current values, which a split would have to pass back and forth. The edits themselves are {@link TunableEdits},
 * the evaluation {@link TunableValues}, the files {@link KernelTunableFiles}, {@code system_prep}'s choice of lines
 * {@link RunningDifferences}.
 *
 * <p>Threading: reads of current values ({@link #current}) take no lock and may come from any thread, the
 * enforcement points among them. Everything else takes the kernel's transition lock, then this object's monitor
 * (always in that order: the catalog takes the lock, and a load holds it); listeners of module tunables are told
 * after both are released, and their dispatch only queues the call on the module's lane.
 */
public final class TunableStore implements TunableService {
    /** Told when a dynamic tunable of a module changes in the running kernel. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(String name, long oldValue, long newValue);
    }

    private final TransitionLock lock;
    private final Path masterFile;
    private final Path systemFile;
    private final ModuleTunableFiles modules;
    private final Map<String, Long> defaultOverrides;
    private final KernelLog log;
    private final TunableEffects effects;
    /** The kernel file's values of the static tunables of the modules it configures statically, by lower-case name. */
    private final Map<String, Long> bootValues = new ConcurrentHashMap<>();
    /** The kernel's tunables by lower-case name, in file order; replaced, never changed. */
    private volatile Map<String, TunableDeclaration> kernel;
    private final Map<String, Long> current = new ConcurrentHashMap<>();
    private final Map<String, List<ChangeListener>> listeners = new ConcurrentHashMap<>();
    /** The planned values of automatic tunables at boot: where the kernel starts and the least it keeps. */
    private final Map<String, Long> floors = new ConcurrentHashMap<>();

    /**
     * @param lock the kernel's transition lock, always taken before this object's monitor: the catalog, which
     *        this store reads and writes, takes it, and a load holds it when it fixes a module's static tunables
     * @param masterFile the kernel master file, {@code usr/conf/master.d/core-hpux}
     * @param systemFile the kernel system file, {@code stand/system}
     * @param defaultOverrides defaults that the framework's configuration replaces, by lower-case name
     */
    public TunableStore(TransitionLock lock, Path masterFile, Path systemFile, ModuleTunableFiles modules,
            Map<String, Long> defaultOverrides, KernelLog log) {
        this(lock, masterFile, systemFile, modules, defaultOverrides, log, TunableEffects.NONE);
    }

    /** @param effects when planned values take effect, and which modules are loaded or static */
    public TunableStore(TransitionLock lock, Path masterFile, Path systemFile, ModuleTunableFiles modules,
            Map<String, Long> defaultOverrides, KernelLog log, TunableEffects effects) {
        this.effects = effects;
        this.lock = lock;
        this.masterFile = masterFile;
        this.systemFile = systemFile;
        this.modules = modules;
        this.defaultOverrides = Map.copyOf(defaultOverrides);
        this.log = log;
        try {
            kernel = withOverrides(KernelTunableFiles.parseMaster("the built-in " + KernelTunableFiles.MASTER_NAME,
                    KernelTunableFiles.shippedMaster()));
            TunableValues defaults = new TunableValues(kernel, Map.of());
            for (String key : kernel.keySet()) {
                current.put(key, defaults.value(key));
            }
        } catch (KernelException e) {
            throw new IllegalStateException("the built-in kernel master file is broken: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the kernel master file (writing the shipped one into a home that has none) and the kernel system file
     * (an empty one written if there is none), and fixes every tunable's current value at its planned value. A file
     * that does not parse, or a planned value that does not evaluate or is out of range, is reported and the default
     * used instead.
     *
     * @return the problems, one line each
     */
    /**
     * The kernel's own tunable files must read for the kernel to boot, as a bad hardware file must: a module's
     * broken files make only that module unusable, but the kernel cannot know its tunables without these. Called
     * when the runtime starts, before anything boots; files that do not exist yet are written at the first boot.
     *
     * @param masterFile the kernel master file ({@code usr/conf/master.d/core-hpux})
     * @param systemFile the kernel system file ({@code stand/system})
     * @throws KernelException naming the file, the line and the reason
     */
    public static void checkKernelFiles(Path masterFile, Path systemFile) throws KernelException {
        if (Files.exists(masterFile)) {
            try {
                KernelTunableFiles.parseMaster(masterFile.toString(), Files.readString(masterFile,
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new KernelException(Errno.EIO, masterFile + ": cannot read it: " + e, e);
            }
        }
        if (Files.exists(systemFile)) {
            KernelTunableFiles.readSystem(systemFile);
        }
    }

    public List<String> boot() {
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                return bootLocked();
            }
        }
    }

    private List<String> bootLocked() {
        List<String> problems = new ArrayList<>();
        try {
            if (!Files.exists(masterFile)) {
                Files.createDirectories(masterFile.getParent());
                AtomicFiles.write(masterFile, KernelTunableFiles.shippedMaster());
            }
            kernel = withOverrides(KernelTunableFiles.parseMaster(masterFile.toString(),
                    Files.readString(masterFile, StandardCharsets.UTF_8)));
        } catch (IOException | KernelException e) {
            problems.add(e.getMessage() + "; the kernel uses its built-in tunables");
        }
        Map<String, TunableFormula> planned = Map.of();
        try {
            if (!Files.exists(systemFile)) {
                KernelTunableFiles.writeSystem(systemFile, Map.of());
            }
            planned = KernelTunableFiles.readSystem(systemFile);
        } catch (KernelException e) {
            problems.add(e.getMessage() + "; the kernel tunables have their defaults");
        }
        Map<String, TunableDeclaration> all = declarations();
        Map<String, TunableFormula> plan = plannedValues(all, planned);
        TunableValues values = new TunableValues(all, plan);
        TunableValues defaults = new TunableValues(all, Map.of());
        for (TunableDeclaration d : all.values()) {
            if (isModuleStatic(d)) {
                current.put(d.key(), registeredValue(d));
                continue;
            }
            try {
                long value = TunableDeclaration.checked(d, values.value(d.key()), values.text(d.key()));
                current.put(d.key(), value);
                if (d.kind() == TunableKind.AUTOMATIC) {
                    floors.put(d.key(), value);
                }
            } catch (KernelException e) {
                try {
                    long fallback = defaults.value(d.key());
                    current.put(d.key(), fallback);
                    problems.add(e.getMessage() + "; " + d.name() + " has its default " + fallback);
                } catch (KernelException again) {
                    problems.add(again.getMessage());
                }
            }
        }
        problems.forEach(p -> log.log("kmtune", p));
        return problems;
    }

    /**
     * @param key a tunable's name in lower case
     * @return its current value; a module tunable never seen before gets its planned value
     * @throws IllegalArgumentException if no tunable has that name
     */
    public long current(String key) {
        Long v = current.get(key);
        if (v != null) {
            return v;
        }
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                Map<String, TunableDeclaration> all = declarations();
                if (!all.containsKey(key)) {
                    throw new IllegalArgumentException("no tunable is named " + key);
                }
                return current.computeIfAbsent(key, k -> plannedOrDefault(all, k));
            }
        }
    }

    /** @return the kernel tunables the runtime enforces, read from the current values */
    public KernelLimits limits() {
        return new KernelLimits() {
            @Override
            public long get(String name) {
                return current(name);
            }

            @Override
            public long floor(String name) {
                return floors.getOrDefault(name, current(name));
            }

            @Override
            public void tuned(String name, long value) {
                current.put(name, value);
            }
        };
    }

    /**
     * A module is being loaded: its static tunables take the values registered with its image, or, for a module the
     * kernel file being booted configures statically, the kernel file's; a dynamic one never seen before takes its
     * planned value.
     *
     * @param module the module's name
     */
    public void moduleLoaded(String module) {
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                fixModuleValues(module);
            }
        }
    }

    private void fixModuleValues(String module) {
        if (!modules.declaresTunables(module)) {
            return; // a chain of 1,000 loads read all 1,000 modules' declarations at each load
        }
        Map<String, TunableDeclaration> all = declarations();
        for (TunableDeclaration d : all.values()) {
            if (!d.module().equals(Optional.of(module))) {
                continue;
            }
            if (d.kind() == TunableKind.STATIC) {
                Long booted = bootValues.get(d.key());
                current.put(d.key(), booted != null ? booted : registeredValue(d));
            } else if (!current.containsKey(d.key())) {
                current.put(d.key(), plannedOrDefault(all, d.key()));
            }
        }
    }

    /**
     * @param module a loaded module
     * @return the values of its static tunables it runs with, by name as declared: what a reload on its old image
     *     registers again with that image
     */
    public Map<String, Long> loadedStaticValues(String module) {
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                Map<String, Long> values = new LinkedHashMap<>();
                for (TunableDeclaration d : declarations().values()) {
                    if (d.module().equals(Optional.of(module)) && d.kind() == TunableKind.STATIC) {
                        values.put(d.name(), current.containsKey(d.key()) ? current.get(d.key()) : registeredValue(d));
                    }
                }
                return values;
            }
        }
    }

    private static boolean isModuleStatic(TunableDeclaration d) {
        return d.module().isPresent() && d.kind() == TunableKind.STATIC;
    }

    /** @return the value of a module's static tunable registered with its image; its planned value if none is */
    private long registeredValue(TunableDeclaration d) {
        for (ModuleTunableFiles.ModuleTunables m : modules.modules()) {
            if (d.module().equals(Optional.of(m.module()))) {
                for (Map.Entry<String, Long> e : m.registered().entrySet()) {
                    if (TunableDeclaration.key(e.getKey()).equals(d.key())) {
                        return e.getValue();
                    }
                }
            }
        }
        return plannedOrDefault(declarations(), d.key());
    }

    /**
     * @return the current value kmtune shows: a module's static tunable has the value the loaded module runs with, or,
     *     while it is not loaded, the value registered with its image (what its next load uses)
     */
    long shownCurrent(TunableDeclaration d) {
        if (isModuleStatic(d) && !effects.loaded(d.module().get())) {
            return registeredValue(d);
        }
        return current(d.key());
    }

    /**
     * @return when a planned value of this tunable that is not applied takes effect: a module's static one when its
     *     image is configured and registered, or with a kernel build if the module is configured statically; a kernel
     *     one at the next boot, or with a kernel build when the kernel boots from a kernel file
     */
    TunableChange.Effect effect(TunableDeclaration d) {
        if (d.module().isPresent()) {
            return effects.configuredStatically(d.module().get()) ? TunableChange.Effect.KERNEL_BUILD
                    : TunableChange.Effect.MODULE_IMAGE;
        }
        return effects.bootsFromKernelFile() ? TunableChange.Effect.KERNEL_BUILD : TunableChange.Effect.NEXT_BOOT;
    }

    /**
     * A module's tunable as its code reads it. The kernel's table holds the tunables of registered modules; a module
     * loaded from a jar that is not registered, or one declaring a name that the kernel or another module holds
     * already, gets the default its own master file declares.
     *
     * @param module a module
     * @param own what the loaded module's master file declares
     * @param name one of its tunables, in any case
     * @return the tunable's current value
     * @throws IllegalArgumentException if the module's master file declares no such tunable
     */
    public long moduleTunable(String module, List<TunableSpec> own, String name) {
        String key = TunableDeclaration.key(name);
        TunableDeclaration d = declarations().get(key);
        if (d != null && d.module().equals(Optional.of(module))) {
            return current(key);
        }
        for (TunableSpec t : own) {
            if (TunableDeclaration.key(t.name()).equals(key)) {
                return t.defaultValue();
            }
        }
        throw new IllegalArgumentException(module + " declares no tunable " + name + " in its master file's"
                + " $TUNABLE");
    }

    /**
     * @param module a module
     * @param listener told when one of its dynamic tunables changes
     * @return what withdraws the listener
     */
    public Runnable listen(String module, ChangeListener listener) {
        List<ChangeListener> list = listeners.computeIfAbsent(module, m -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    @Override
    public List<TunableInfo> tunables(Path file) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                return tunablesLocked(file);
            }
        }
    }

    private List<TunableInfo> tunablesLocked(Path file) throws KernelException {
        Map<String, TunableDeclaration> all = declarations();
        Map<String, TunableFormula> plan = plannedValues(all, kernelPlanned(file));
        TunableValues values = new TunableValues(all, plan);
        List<TunableInfo> result = new ArrayList<>();
        for (TunableDeclaration d : all.values()) {
            result.add(new TunableInfo(d.name(), shownCurrent(d), values.text(d.key()).text(),
                    values.value(d.key()), d.defaultValue().text(), d.min(), d.max(), d.kind(), d.module(),
                    d.version()));
        }
        result.sort(Comparator.comparing(t -> TunableDeclaration.key(t.name())));
        return result;
    }

    @Override
    public List<TunableChange> change(List<TunableEdit> edits, boolean apply, Path file) throws KernelException {
        List<Runnable> notices = new ArrayList<>();
        List<TunableChange> changes;
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                changes = new TunableEdits(this, declarations(), edits, file).run(apply, notices);
            }
        }
        notices.forEach(Runnable::run);
        return changes;
    }

    // --- for TunableEdits, under the monitor

    /**
     * Checks a kernel system file's tunables as {@code mk_kernel} builds a kernel of them: every name a kernel
     * tunable, every formula evaluated (no cycle, no unknown name), every value within its range.
     *
     * @return every problem, one line each; empty if the tunables are sound
     */
    public List<String> check(Path file) {
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                Map<String, TunableFormula> planned;
                try {
                    planned = KernelTunableFiles.readSystem(file);
                } catch (KernelException e) {
                    return List.of(problem(e));
                }
                Map<String, TunableDeclaration> all = declarations();
                return evaluate(planned, all.values(), new LinkedHashMap<>());
            }
        }
    }

    /**
     * Boot from a kernel file: the kernel tunables take the values the kernel was built with (its {@code $TUNABLE}
     * lines, {@code name value}), instead of {@code stand/system}'s, which stay the planned ones; the static tunables
     * of the modules it configures statically ({@code mk_kernel} records them there too) are what those modules load
     * with. All or nothing: a name that is no tunable, a formula that does not evaluate or a value out of its range
     * changes nothing and is returned, so that boot falls back to the backup kernel.
     *
     * @param source the kernel file, for messages
     * @param lines the tunable lines, name to value
     * @return why the kernel's tunables cannot be used; empty once they are the current values
     */
    public Optional<String> bootKernelValues(String source, Map<String, String> lines) {
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                Map<String, TunableFormula> planned = new LinkedHashMap<>();
                Map<String, Long> moduleValues = new LinkedHashMap<>();
                Map<String, TunableDeclaration> all = declarations();
                List<String> problems = new ArrayList<>();
                for (Map.Entry<String, String> line : lines.entrySet()) {
                    String key = TunableDeclaration.key(line.getKey());
                    try {
                        TunableFormula value = TunableFormula.parse(line.getValue());
                        TunableDeclaration d = all.get(key);
                        if (!kernel.containsKey(key) && d != null && isModuleStatic(d)) {
                            if (!value.isLiteral()) {
                                throw new KernelException(Errno.EINVAL, "a module's tunable takes an integer");
                            }
                            moduleValues.put(key, TunableDeclaration.checked(d, value.evaluate(n -> 0L), value));
                        } else {
                            planned.put(key, value);
                        }
                    } catch (KernelException e) {
                        problems.add(e.getMessage().startsWith(line.getKey()) ? e.getMessage()
                                : "tunable " + line.getKey() + ": " + e.getMessage());
                    }
                }
                Map<String, Long> computed = new LinkedHashMap<>();
                problems.addAll(evaluate(planned, kernel.values(), computed));
                if (!problems.isEmpty()) {
                    return Optional.of(source + ": " + String.join("; ", problems));
                }
                bootValues.clear();
                bootValues.putAll(moduleValues);
                computed.forEach((key, value) -> {
                    current.put(key, value);
                    if (kernel.get(key).kind() == TunableKind.AUTOMATIC) {
                        floors.put(key, value);
                    }
                });
                return Optional.empty();
            }
        }
    }

    /**
     * Boot loads the modules configured statically by their own system files, not a kernel file's (there is none, or
     * every kernel file failed): their static tunables take the registered values, not a failed kernel file's.
     */
    public void forgetKernelFileModuleValues() {
        bootValues.clear();
    }

    /**
     * Evaluates tunables as kernel planned values make them, for {@code mk_kernel}'s check and a kernel file's boot.
     *
     * @param kernelPlanned the kernel tunables' planned values, by lower-case name
     * @param which the tunables to evaluate
     * @param values gets each evaluated tunable's value, by lower-case name
     * @return every problem, one line each with its errno: a name that is no kernel tunable, a formula that does
     *     not evaluate, a value out of its range
     */
    private List<String> evaluate(Map<String, TunableFormula> kernelPlanned, Collection<TunableDeclaration> which,
            Map<String, Long> values) {
        List<String> problems = new ArrayList<>();
        kernelPlanned.keySet().stream().filter(k -> !kernel.containsKey(k)).forEach(k -> problems.add("tunable "
                + k + ": no such kernel tunable (kmtune lists them) (ENOENT)"));
        Map<String, TunableDeclaration> all = declarations();
        TunableValues evaluated = new TunableValues(all, plannedValues(all, kernelPlanned));
        for (TunableDeclaration d : which) {
            try {
                values.put(d.key(), TunableDeclaration.checked(d, evaluated.value(d.key()), evaluated.text(d.key())));
            } catch (KernelException e) {
                problems.add(problem(e));
            }
        }
        return problems;
    }

    /**
     * {@code system_prep}: the running kernel's tunables whose current values differ from their defaults, as system
     * file lines ({@link RunningDifferences}).
     *
     * @param lineSources the running kernel's lines by name, the first source first
     * @param steps gets what was decided, one line each, as {@code system_prep -v} prints it
     * @return the lines, by name as declared, in the master file's order
     */
    public Map<String, String> runningDifferences(List<Map<String, String>> lineSources, List<String> steps) {
        try (TransitionLock.Held held = lock.enter()) {
            synchronized (this) {
                return new RunningDifferences(kernel.values(), current::get).lines(lineSources, steps);
            }
        }
    }

    private static String problem(KernelException e) {
        return e.getMessage() + " (" + Errno.nameOf(e.number()) + ")";
    }

    Map<String, TunableFormula> kernelPlanned(Path file) throws KernelException {
        if (file == null && !Files.exists(systemFile)) {
            return Map.of();
        }
        return KernelTunableFiles.readSystem(file == null ? systemFile : file);
    }

    Path systemFile() {
        return systemFile;
    }

    TunableEffects effects() {
        return effects;
    }

    ModuleTunableFiles modules() {
        return modules;
    }

    /** Makes a dynamic tunable's current value the given one, and queues the notice to its module's listeners. */
    void apply(TunableDeclaration d, long value, List<Runnable> notices) {
        Long old = current.put(d.key(), value);
        if (d.module().isPresent() && old != null && old != value) {
            for (ChangeListener l : listeners.getOrDefault(d.module().get(), List.of())) {
                notices.add(() -> l.changed(d.name(), old, value));
            }
        }
        log.log("kmtune", d.name() + " is now " + value + (old == null ? "" : " (was " + old + ")"));
    }

    Map<String, TunableFormula> plannedValues(Map<String, TunableDeclaration> all,
            Map<String, TunableFormula> kernelPlanned) {
        Map<String, TunableFormula> plan = new LinkedHashMap<>();
        kernelPlanned.forEach((k, v) -> {
            if (kernel.containsKey(k)) {
                plan.put(k, v);
            }
        });
        for (ModuleTunableFiles.ModuleTunables m : modules.modules()) {
            m.planned().forEach((name, value) -> {
                TunableDeclaration d = all.get(TunableDeclaration.key(name));
                if (d != null && d.module().equals(Optional.of(m.module()))) {
                    plan.put(d.key(), TunableFormula.literal(value));
                }
            });
        }
        return plan;
    }

    /** @return every tunable by lower-case name: the kernel's, then the modules', a clash kept by the first */
    Map<String, TunableDeclaration> declarations() {
        Map<String, TunableDeclaration> all = new LinkedHashMap<>(kernel);
        for (ModuleTunableFiles.ModuleTunables m : modules.modules()) {
            for (TunableDeclaration d : m.declarations()) {
                TunableDeclaration first = all.putIfAbsent(d.key(), d);
                if (first != null && first != d) {
                    log.log(m.module(), "tunable " + d.name() + " is ignored: " + first.owner()
                            + " declares a tunable of that name");
                }
            }
        }
        return all;
    }

    private long plannedOrDefault(Map<String, TunableDeclaration> all, String key) {
        TunableDeclaration d = all.get(key);
        try {
            Map<String, TunableFormula> kernelPlanned;
            try {
                kernelPlanned = kernelPlanned(null);
            } catch (KernelException e) {
                kernelPlanned = Map.of();
            }
            TunableValues values = new TunableValues(all, plannedValues(all, kernelPlanned));
            return TunableDeclaration.checked(d, values.value(key), values.text(key));
        } catch (KernelException e) {
            try {
                return new TunableValues(all, Map.of()).value(key);
            } catch (KernelException again) {
                throw new IllegalStateException(again.getMessage(), again);
            }
        }
    }

    private Map<String, TunableDeclaration> withOverrides(List<TunableDeclaration> declared) {
        Map<String, TunableDeclaration> result = new LinkedHashMap<>();
        for (TunableDeclaration d : declared) {
            Long override = defaultOverrides.get(d.key());
            result.put(d.key(), override == null ? d : new TunableDeclaration(d.name(), d.module(), d.version(),
                    TunableFormula.literal(override), d.min(), d.max(), d.kind()));
        }
        return Collections.unmodifiableMap(result);
    }
}
