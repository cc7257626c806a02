package org.dlkm.kernel.runtime.internal.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    public CatalogTunables(ModuleCatalogImpl catalog) {
        this.catalog = catalog;
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

    @Override
    public void writePlanned(String module, Map<String, Long> planned) throws KernelException {
        catalog.changeSystem(module, s -> new SystemFile(s.module(), s.configure(), s.loadable(),
                new LinkedHashMap<>(planned)));
    }
}
