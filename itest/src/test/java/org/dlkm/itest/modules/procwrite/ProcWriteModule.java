package org.dlkm.itest.modules.procwrite;

import java.util.ArrayList;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A module with a writable proc entry, {@code /proc/vmware/procwrite/ring}: each write adds a line, which reading the
 * entry shows; a write of a line that does not start with a number is refused with {@code EINVAL}, as ESX's filter
 * files refuse a line without a virtual machine ID.
 */
public final class ProcWriteModule implements KernelModule {
    private final List<String> lines = new ArrayList<>();

    @Override
    public void load(ModuleContext context) throws Exception {
        context.publishProc("/proc/vmware/procwrite/ring", this::text, this::write);
    }

    private synchronized String text() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private synchronized void write(String text) throws KernelException {
        if (!text.matches("\\d+ .*")) {
            throw new KernelException(Errno.EINVAL, "'" + text + "': a line starts with a virtual machine ID");
        }
        lines.add(text);
    }

    @Override
    public int unload() {
        return 0;
    }
}
