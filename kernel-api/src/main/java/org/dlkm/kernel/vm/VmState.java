package org.dlkm.kernel.vm;

/** The power state of a registered virtual machine, as {@code vmware-cmd FILE getstate} prints it. */
public enum VmState {
    /** Running: it has a VM ID and holds its devices open. */
    ON,
    /** Not running: no ID, no device held. */
    OFF;

    /** @return the word {@code getstate} prints: {@code on}, {@code off} */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
