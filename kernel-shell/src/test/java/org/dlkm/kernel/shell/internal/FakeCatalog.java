package org.dlkm.kernel.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;

/** A catalog of the entries a test puts in it; it refuses every change. Confined to the test's thread. */
final class FakeCatalog implements ModuleCatalog {
    final List<CatalogEntry> entries = new ArrayList<>();

    @Override
    public List<CatalogEntry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public Optional<CatalogEntry> entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    @Override
    public CatalogEntry install(Path jar) throws KernelException {
        throw new KernelException(Errno.ENOSYS, "not used");
    }

    @Override
    public CatalogEntry update(Path jar) throws KernelException {
        throw new KernelException(Errno.ENOSYS, "not used");
    }

    @Override
    public void remove(String name) throws KernelException {
        throw new KernelException(Errno.ENOSYS, "not used");
    }

    @Override
    public CatalogEntry setConfigure(String name, boolean configure) throws KernelException {
        throw new KernelException(Errno.ENOSYS, "not used");
    }

    @Override
    public CatalogEntry setLoadable(String name, boolean loadable) throws KernelException {
        throw new KernelException(Errno.ENOSYS, "not used");
    }
}
