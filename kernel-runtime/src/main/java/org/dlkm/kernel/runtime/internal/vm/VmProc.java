package org.dlkm.kernel.runtime.internal.vm;

import java.util.ArrayList;
import java.util.List;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.proc.ProcTreeImpl;

/**
 * A running machine's proc entries, {@code /proc/vmware/vm/<ID>/}: {@code names} (VM ID, display name,
 * configuration file, as ESX's {@code names} entry gives them), {@code state}, {@code devices} (each virtual device
 * and the VMkernel device it holds) and {@code net/ethernetN} (the NIC's device and the machine's transmit
 * counters on it). Published when the machine has started, removed when it stops.
 *
 * <p>Stateless; called under {@link VirtualMachinesImpl}'s lock.
 */
final class VmProc {
    private static final String OWNER = "vm";

    private VmProc() {
    }

    /** @return the machine's proc directory, {@code /proc/vmware/vm/137} */
    static String directory(int id) {
        return "/proc/vmware/vm/" + id;
    }

    /**
     * Publishes the entries; if one cannot be, those published are removed.
     *
     * @param shownFile the configuration file as the shell shows it
     */
    static void publish(ProcTreeImpl proc, RunningVm vm, String shownFile) throws KernelException {
        String dir = directory(vm.id());
        List<String> published = new ArrayList<>();
        try {
            publish(proc, published, dir + "/names", () -> "vmid=" + vm.id() + " displayName=\"" + vm.displayName()
                    + "\" cfgFile=\"" + shownFile + "\"\n");
            publish(proc, published, dir + "/state", () -> "on\n");
            publish(proc, published, dir + "/devices", () -> devices(vm));
            for (RunningVm.Nic nic : vm.nics()) {
                publish(proc, published, dir + "/net/" + nic.name(), () -> line("Device", nic.deviceName())
                        + line("Tx packets", Long.toString(nic.txPackets()))
                        + line("Tx bytes", Long.toString(nic.txBytes())));
            }
        } catch (KernelException | RuntimeException e) {
            published.forEach(proc::remove);
            throw e;
        }
    }

    /** Removes the machine's entries. */
    static void remove(ProcTreeImpl proc, RunningVm vm) {
        String dir = directory(vm.id());
        proc.remove(dir + "/names");
        proc.remove(dir + "/state");
        proc.remove(dir + "/devices");
        vm.nics().forEach(n -> proc.remove(dir + "/net/" + n.name()));
    }

    private static void publish(ProcTreeImpl proc, List<String> published, String path,
            org.dlkm.kernel.proc.ProcReader reader) throws KernelException {
        proc.publish(path, OWNER, reader, null);
        published.add(path);
    }

    private static String devices(RunningVm vm) {
        StringBuilder sb = new StringBuilder();
        vm.nics().forEach(n -> sb.append(String.format("%-10s %-12s %s%n", n.name(), n.deviceName(), "shared")));
        vm.config().disks().forEach(d -> sb.append(String.format("%-10s %-12s %s%n", d.name(), d.id(),
                "exclusive")));
        return sb.toString();
    }

    private static String line(String key, String value) {
        return String.format("%-15s %s%n", key + ":", value);
    }
}
