package org.dlkm.kernel.runtime.internal.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.PciDevice;

/**
 * Which registered module would drive a card, read from the catalog without loading anything: the modules whose
 * master file's {@code $PCI_ID} lists the card. Only a module its system file configures and makes loadable
 * ({@code kmsystem -c Y -l Y}) may be autoloaded; the others are named, so that a refusal can say what to change.
 *
 * <p>Stateless apart from the catalog it reads; safe from any thread.
 */
final class DriverCandidates {

    /**
     * The registered drivers of a card that are not loaded.
     *
     * @param loadable those that may be autoloaded, by name
     * @param notLoadable those that drive the card but are not configured, or configured statically, by name
     */
    record Drivers(List<CatalogEntry> loadable, List<CatalogEntry> notLoadable) {

        /** @return the first that may be autoloaded, by name */
        Optional<CatalogEntry> first() {
            return loadable.stream().findFirst();
        }

        /** @return why none may be autoloaded, or empty if one may or none drives the card */
        Optional<String> whyNone() {
            if (!loadable.isEmpty() || notLoadable.isEmpty()) {
                return Optional.empty();
            }
            List<String> why = new ArrayList<>();
            for (CatalogEntry e : notLoadable) {
                why.add(e.configure() ? e.name() + " is configured statically ($LOADABLE N; kmsystem -l Y " + e.name()
                        + ")" : e.name() + " is not configured ($CONFIGURE N; kmsystem -c Y " + e.name() + ")");
            }
            return Optional.of(String.join(", ", why));
        }
    }

    private final ModuleCatalog catalog;

    DriverCandidates(ModuleCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param card a card on the bus
     * @return the registered modules, not loaded, whose {@code $PCI_ID} lists it
     */
    Drivers forCard(PciDevice card) {
        List<CatalogEntry> loadable = new ArrayList<>();
        List<CatalogEntry> notLoadable = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.loaded() || !e.drives(card)) {
                continue;
            }
            (e.configure() && e.loadable().orElse(false) ? loadable : notLoadable).add(e);
        }
        return new Drivers(loadable, notLoadable);
    }

    /** @return every registered module, loaded or not, whose {@code $PCI_ID} lists the card, by name */
    List<String> declaring(PciDevice card) {
        return catalog.entries().stream().filter(e -> e.drives(card)).map(CatalogEntry::name).toList();
    }
}
