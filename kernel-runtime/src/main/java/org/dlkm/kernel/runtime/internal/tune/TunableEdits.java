package org.dlkm.kernel.runtime.internal.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.tune.TunableChange;
import org.dlkm.kernel.tune.TunableEdit;
import org.dlkm.kernel.tune.TunableKind;

/**
 * One {@code kmtune -s/-r [-u]}: every edit is made on a copy of the planned values and checked (name, value,
 * formula, range after evaluation of every tunable, so that a cycle or a value that moves a formula out of range is
 * found); only then are the system files written, and with {@code -u} every dynamic tunable whose planned value
 * differs from its current one applied. The changes reported are the edited tunables and those applied; a
 * {@code -u} without edits also reports every static tunable still waiting for the next boot. A refusal changes
 * nothing. When the edits change the kernel's system file and modules' system files, all of them are written as one
 * transaction of the catalog's journal (a kill leaves all old or all new); while a {@code kmupdate} is pending that
 * installs another system file as {@code stand/system}, that file gets the kernel edits first. A tunable that stays on
 * until the next boot ({@link OnOnlyTunables}) is never lowered in the running kernel: a {@code -u} editing it lower is
 * refused, one that does not edit it reports its lower planned value as taking effect at the next boot.
 *
 * <p>Confined to the calling thread, which holds the {@link TunableStore}'s monitor.
 */
final class TunableEdits {
    private final TunableStore store;
    private final Map<String, TunableDeclaration> all;
    private final List<TunableEdit> edits;
    private final Path file;

    TunableEdits(TunableStore store, Map<String, TunableDeclaration> all, List<TunableEdit> edits, Path file) {
        this.store = store;
        this.all = all;
        this.edits = edits;
        this.file = file;
    }

    List<TunableChange> run(boolean apply, List<Runnable> notices) throws KernelException {
        Map<String, TunableFormula> kernelPlanned = new LinkedHashMap<>(readKernelPlanned());
        Map<String, Map<String, Long>> modulePlanned = new LinkedHashMap<>();
        for (ModuleTunableFiles.ModuleTunables m : store.modules().modules()) {
            modulePlanned.put(m.module(), new LinkedHashMap<>(m.planned()));
        }
        Set<String> edited = new LinkedHashSet<>();
        Set<String> touchedModules = new LinkedHashSet<>();
        for (TunableEdit edit : edits) {
            TunableDeclaration d = declaration(edit.name());
            TunableValues before = new TunableValues(all, store.plannedValues(all, kernelPlanned));
            TunableFormula value = newValue(d, edit, before);
            if (d.module().isEmpty()) {
                if (value == null) {
                    kernelPlanned.remove(d.key());
                } else {
                    kernelPlanned.put(d.key(), value);
                }
            } else {
                Map<String, Long> planned = modulePlanned.get(d.module().get());
                planned.keySet().removeIf(n -> TunableDeclaration.key(n).equals(d.key()));
                if (value != null) {
                    planned.put(d.name(), value.evaluate(n -> 0L));
                }
                touchedModules.add(d.module().get());
            }
            edited.add(d.key());
        }
        Map<String, TunableFormula> plan = store.plannedValues(all, kernelPlanned);
        for (Map.Entry<String, Map<String, Long>> m : modulePlanned.entrySet()) {
            m.getValue().forEach((name, v) -> plan.put(TunableDeclaration.key(name), TunableFormula.literal(v)));
        }
        TunableValues after = new TunableValues(all, plan);
        for (TunableDeclaration d : all.values()) {
            TunableDeclaration.checked(d, after.value(d.key()), after.text(d.key()));
        }
        if (apply) {
            for (String key : edited) {
                TunableDeclaration d = all.get(key);
                long running = store.shownCurrent(d);
                if (OnOnlyTunables.keepsRunningValue(d, running, after.value(key))) {
                    throw OnOnlyTunables.refusal(d, running, after.text(key).text());
                }
            }
        }
        Optional<Path> pendingSystem = edited.stream().anyMatch(k -> all.get(k).module().isEmpty()) && editsKernelSystem()
                ? store.effects().pendingSystemFile() : Optional.empty();
        Map<String, TunableFormula> pendingPlanned = pendingSystem.isPresent()
                ? carried(pendingSystem.get(), modulePlanned) : null;
        if (pendingSystem.isPresent()) {
            // first the file that becomes stand/system at the shutdown moves: a kill before stand/system is written
            // leaves the edit there, and the moves (at shutdown, or completed by the next boot) keep it
            KernelTunableFiles.writeSystem(pendingSystem.get(), names(pendingPlanned));
        }
        write(kernelPlanned, modulePlanned, touchedModules, edited);
        List<TunableChange> changes = new ArrayList<>();
        for (TunableDeclaration d : all.values()) {
            long planned = after.value(d.key());
            long running = store.shownCurrent(d);
            boolean differs = planned != running;
            boolean kept = apply && d.kind() == TunableKind.DYNAMIC
                    && OnOnlyTunables.keepsRunningValue(d, running, planned);
            boolean applied = apply && d.kind() == TunableKind.DYNAMIC && !kept;
            if (applied && differs) {
                store.apply(d, planned, notices);
            }
            boolean pending = apply && (edits.isEmpty() || kept) && differs && d.kind() != TunableKind.AUTOMATIC;
            if (!edited.contains(d.key()) && !(applied && differs) && !pending) {
                continue;
            }
            changes.add(new TunableChange(d.name(), after.text(d.key()).text(), planned, d.kind(), applied,
                    d.module(), applied ? TunableChange.Effect.NOW : store.effect(d)));
        }
        return changes;
    }

    private boolean editsKernelSystem() {
        return file == null || file.toAbsolutePath().normalize()
                .equals(store.systemFile().toAbsolutePath().normalize());
    }

    /**
     * The kernel edits made to the system file a pending {@code kmupdate} makes {@code stand/system}: each applied to
     * that file's planned values (an increment adds to its value there), then every kernel tunable evaluated there.
     *
     * @return that file's planned values after the edits
     * @throws KernelException naming the file, if an edit does not hold there: nothing is written
     */
    private Map<String, TunableFormula> carried(Path pending, Map<String, Map<String, Long>> modulePlanned)
            throws KernelException {
        Map<String, TunableFormula> planned = new LinkedHashMap<>(store.kernelPlanned(pending));
        try {
            for (TunableEdit edit : edits) {
                TunableDeclaration d = declaration(edit.name());
                if (d.module().isPresent()) {
                    continue;
                }
                TunableFormula value = newValue(d, edit, new TunableValues(all, store.plannedValues(all, planned)));
                if (value == null) {
                    planned.remove(d.key());
                } else {
                    planned.put(d.key(), value);
                }
            }
            Map<String, TunableFormula> plan = store.plannedValues(all, planned);
            modulePlanned.values().forEach(m -> m.forEach((name, v) -> plan.put(TunableDeclaration.key(name),
                    TunableFormula.literal(v))));
            TunableValues values = new TunableValues(all, plan);
            for (TunableDeclaration d : all.values()) {
                if (d.module().isEmpty()) {
                    TunableDeclaration.checked(d, values.value(d.key()), values.text(d.key()));
                }
            }
        } catch (KernelException e) {
            throw new KernelException(e.errno(), pending + ": " + e.getMessage() + "; this is the system file the"
                    + " kernel kmupdate installs at the next shutdown was built from, and it becomes "
                    + store.systemFile() + " then, so kmtune makes its edits there too; nothing was changed", e);
        }
        return planned;
    }

    private Map<String, String> names(Map<String, TunableFormula> planned) {
        Map<String, String> text = new LinkedHashMap<>();
        planned.forEach((k, v) -> text.put(all.containsKey(k) ? all.get(k).name() : k, v.text()));
        return text;
    }

    private Map<String, TunableFormula> readKernelPlanned() throws KernelException {
        if (file != null && !java.nio.file.Files.exists(file)) {
            return Map.of();
        }
        return store.kernelPlanned(file);
    }

    private TunableDeclaration declaration(String name) throws KernelException {
        TunableDeclaration d = all.get(TunableDeclaration.key(name));
        if (d == null) {
            throw new KernelException(Errno.ENOENT, name + ": no such tunable; kmtune lists them (kmtune -q"
                    + " NAME for one)");
        }
        return d;
    }

    /** @return the new planned value as written, or null for the default */
    private TunableFormula newValue(TunableDeclaration d, TunableEdit edit, TunableValues before)
            throws KernelException {
        switch (edit.operation()) {
        case RESET:
            return null;
        case INCREMENT: {
            long by = integer(d, edit.value(), "+");
            try {
                return TunableFormula.literal(Math.addExact(before.value(d.key()), by));
            } catch (ArithmeticException e) {
                throw new KernelException(Errno.ERANGE, d.name() + ": " + before.value(d.key()) + "+" + by
                        + " overflows a 64-bit integer");
            }
        }
        default: {
            TunableFormula value = parse(d, edit.value());
            if (d.module().isPresent() && !value.isLiteral()) {
                throw new KernelException(Errno.EINVAL, d.name() + ": '" + edit.value() + "' is a formula, but "
                        + d.name() + " is a tunable of " + d.owner() + ", whose system file holds integers; give an"
                        + " integer");
            }
            return value;
        }
        }
    }

    private static long integer(TunableDeclaration d, String text, String operator) throws KernelException {
        TunableFormula f = parse(d, text);
        if (!f.isLiteral()) {
            throw new KernelException(Errno.EINVAL, d.name() + ": " + operator + "'" + text + "' adds a formula;"
                    + " " + d.name() + operator + "N takes an integer N");
        }
        return f.evaluate(n -> 0);
    }

    private static TunableFormula parse(TunableDeclaration d, String text) throws KernelException {
        try {
            return TunableFormula.parse(text);
        } catch (KernelException e) {
            throw new KernelException(e.errno(), d.name() + ": " + e.getMessage());
        }
    }

    private void write(Map<String, TunableFormula> kernelPlanned, Map<String, Map<String, Long>> modulePlanned,
            Set<String> touchedModules, Set<String> edited) throws KernelException {
        boolean kernelEdited = edited.stream().anyMatch(k -> all.get(k).module().isEmpty());
        Path target = file == null ? store.systemFile() : file;
        if (kernelEdited && !touchedModules.isEmpty()) {
            Map<String, Map<String, Long>> modules = new LinkedHashMap<>();
            touchedModules.forEach(m -> modules.put(m, modulePlanned.get(m)));
            store.modules().writeTogether(modules, target, KernelTunableFiles.systemText(target,
                    names(kernelPlanned)));
            return;
        }
        if (kernelEdited) {
            KernelTunableFiles.writeSystem(target, names(kernelPlanned));
        }
        for (String module : touchedModules) {
            store.modules().writePlanned(module, modulePlanned.get(module));
        }
    }
}
