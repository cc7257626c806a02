package org.dlkm.kernel.runtime.internal.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.catalog.ModuleCatalogImpl;
import org.dlkm.kernel.runtime.internal.catalog.SystemFile;
import org.dlkm.kernel.runtime.internal.master.TunableSpec;

/**
 * The modules' tunables as the catalog holds them: each registered module's master file {@code $TUNABLE} and its
 * system file's planned values, written back through the catalog's crash-safe write of system files.
 *
 * <p>Threading: any thread; the catalog takes the kernel's transition lock.
 */
public final class CatalogTunables implements ModuleTunableFiles {
    private final ModuleCatalogImpl catalog;
    private final Path home;

    /** @param home the kernel home, whose files the catalog's journal can change together */
    public CatalogTunables(ModuleCatalogImpl catalog, Path home) {
        this.catalog = catalog;
        this.home = home;
    }

    @Override
    public List<ModuleTunables> modules() {
        List<ModuleTunables> result = new ArrayList<>();
        for (ModuleCatalogImpl.Registered r : catalog.registeredModules()) {
            if (r.master().tunables().isEmpty()) {
                continue;
            }
            List<TunableDeclaration> declarations = new ArrayList<>();
            for (TunableSpec t : r.master().tunables()) {
                declarations.add(new TunableDeclaration(t.name(), Optional.of(r.name()),
                        Optional.of(r.image().version()), TunableFormula.literal(t.defaultValue()), t.min(), t.max(),
                        KernelTunableFiles.kindOf(t.tunableClass())));
            }
            result.add(new ModuleTunables(r.name(), declarations, r.system().tunables(), r.staticTunables()));
        }
        return result;
    }

    /** {@inheritDoc} Only a registered module whose master file has a {@code $TUNABLE} section does. */
    @Override
    public boolean declaresTunables(String module) {
        return catalog.registered(module).map(r -> !r.master().tunables().isEmpty()).orElse(false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Through the catalog's journal when the kernel's system file is in the kernel home; one after the other
     * otherwise ({@code kmtune -S} of a file elsewhere).
     */
    @Override
    public void writeTogether(Map<String, Map<String, Long>> planned, Path kernelSystem, String kernelText)
            throws KernelException {
        Path file = kernelSystem.toAbsolutePath().normalize();
        if (!file.startsWith(home.toAbsolutePath().normalize())) {
            ModuleTunableFiles.super.writeTogether(planned, kernelSystem, kernelText);
            return;
        }
        Map<String, UnaryOperator<SystemFile>> changes = new LinkedHashMap<>();
        planned.forEach((module, values) -> changes.put(module, s -> new SystemFile(s.module(), s.configure(),
                s.loadable(), new LinkedHashMap<>(values))));
        catalog.changeSystems("kmtune: " + file.getFileName() + " and the system files of "
                + String.join(", ", planned.keySet()), changes, file, kernelText);
    }

    @Override
    public void writePlanned(String module, Map<String, Long> planned) throws KernelException {
        catalog.changeSystem(module, s -> new SystemFile(s.module(), s.configure(), s.loadable(),
                new LinkedHashMap<>(planned)));
    }
}
