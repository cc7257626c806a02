package org.dlkm.kernel.vm;

import java.nio.file.Path;
import java.util.List;

/**
 * A snapshot of one registered virtual machine.
 *
 * @param configFile its configuration file, absolute and normalised, as registered
 * @param displayName its {@code displayName} (the file name without {@code .vmx} when the file sets none); for a
 *        running machine the name it was started with
 * @param state on or off
 * @param id its VM ID while it runs, 0 when it is off
 * @param devices while it runs, the kernel devices it holds open ({@code vmnic0}, {@code vmhba0:0:0} for a disk),
 *        in the order its file names them; empty when it is off
 */
public record VmInfo(Path configFile, String displayName, VmState state, int id, List<String> devices) {
    /** Copies the devices. */
    public VmInfo {
        devices = List.copyOf(devices);
    }

    /** @return the name of the holder of its devices while it runs: {@code vm} and its VM ID ({@code vm137}) */
    public String holder() {
        return VirtualMachines.holderName(id);
    }
}
