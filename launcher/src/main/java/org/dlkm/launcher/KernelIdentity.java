package org.dlkm.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who a running kernel is, as it tells the shells that attach: its process, its home, the hardware description it
 * booted with, and whether it is a daemon; and where it reports what goes wrong (its console).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param pid the kernel's process ID
 * @param home its home, absolute
 * @param hardware the {@code --hardware} file it booted with; empty for the embedded machine
 * @param policy when it stops
 * @param console its standard error, or the daemon's log
 */
record KernelIdentity(long pid, Path home, Optional<Path> hardware, KernelHost.Policy policy, PrintStream console) {

    /** The fields of a {@link Frame.Type#WELCOME}. */
    Map<String, String> welcome() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("pid", Long.toString(pid));
        fields.put("home", home.toString());
        fields.put("hardware", hardware.map(Path::toString).orElse(""));
        fields.put("kernel", policy == KernelHost.Policy.DAEMON ? "daemon" : "private");
        return fields;
    }

    /**
     * Whether a shell asking for {@code wanted} may attach: it asked for no particular hardware, or for the one
     * this kernel booted with.
     */
    boolean bootedWith(Optional<Path> wanted) {
        return wanted.isEmpty() || wanted.equals(hardware);
    }
}
