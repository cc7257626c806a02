package org.dlkm.kernel.runtime.internal.busy;

import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;

/** A statically configured module is held by the kernel configuration itself: it never unloads. Stateless. */
public final class StaticConfiguration implements HoldSource {

    @Override
    public List<String> holders(LoadedModule module) {
        return module.statik ? List.of("the kernel configuration") : List.of();
    }

    @Override
    public KernelException refusal(LoadedModule module, List<String> holders) {
        return new KernelException(Errno.EPERM, module.name() + ": statically configured into the kernel, so it"
                + " never unloads; make it loadable with kmsystem -l Y " + module.name() + " (and kmsystem -S"
                + " /stand/system -c N " + module.name() + " if the system file names it), rebuild the kernel with"
                + " config -u /stand/system, and reboot");
    }
}
