package org.dlkm.kernel.vm;

import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's virtual machines, as ESX Server 2's {@code vmware-cmd} manages them: configuration files are
 * registered ({@code vmware-cmd -s register FILE}), listed ({@code -l}), started and stopped. A configuration that
 * the kernel cannot read is refused with its file, line and reason; every refusal changes nothing.
 *
 * <p>Starting a machine gives it a VM ID and opens each device its file names through the
 * {@link org.dlkm.kernel.device.DeviceService}, holder {@code vm<ID>} (autoloading the driver of a device that does
 * not exist yet), and publishes {@code /proc/vmware/vm/<ID>/}. Stopping it closes them all.
 *
 * <p>Threading: every method may be called from any thread, never from a framework hook or listener (a start may
 * autoload a driver); starts and stops are serialised.
 */
@ProviderType
public interface VirtualMachines {

    /**
     * Registers a configuration file, after reading it whole.
     *
     * @param configFile the {@code .vmx} file
     * @return the machine, off
     * @throws KernelException {@code ENOENT} if the file does not exist, {@code EEXIST} if it is registered,
     *         {@code EINVAL} naming the file and line of what cannot be read, {@code EIO} if the list of registered
     *         machines cannot be written
     */
    VmInfo register(Path configFile) throws KernelException;

    /**
     * Unregisters a configuration file; the file itself stays.
     *
     * @throws KernelException {@code ENOENT} if it is not registered, {@code EBUSY} if the machine runs
     */
    void unregister(Path configFile) throws KernelException;

    /**
     * @return the registered configuration files, in registration order
     * @throws KernelException {@code EINVAL} naming the file and line if the list of registered machines cannot be
     *         read
     */
    List<Path> registered() throws KernelException;

    /**
     * Starts a registered machine: reads its file again, opens its devices, gives it the next VM ID.
     *
     * @return the machine, on
     * @throws KernelException {@code ENOENT} if it is not registered, {@code EBUSY} if it runs already or a disk it
     *         names is used by another running machine, {@code EINVAL} for a file that cannot be read, or the open's
     *         error for a device (named with the file and line); a failed start leaves no device open, no proc entry
     *         and no VM ID used
     */
    VmInfo start(Path configFile) throws KernelException;

    /**
     * Stops a running machine: what is attached to it is told first, then its devices are closed and its proc
     * entries removed.
     *
     * @return the machine, off
     * @throws KernelException {@code ENOENT} if it is not registered, {@code EINVAL} if it is not running
     */
    VmInfo stop(Path configFile) throws KernelException;

    /**
     * @return the machine now
     * @throws KernelException {@code ENOENT} if it is not registered
     */
    VmInfo state(Path configFile) throws KernelException;

    /** @return the running machines, by VM ID */
    List<VmInfo> running();

    /** @return the holder name a machine of that VM ID opens its devices with: {@code vm137} */
    static String holderName(int id) {
        return "vm" + id;
    }

    /**
     * Makes a running machine transmit frames on its first NIC at an offered rate for a time, in real time, through
     * its transmit filter (if any) to its NIC's driver ({@code vmxmit}). Returns when the time is up.
     *
     * @param vmId the running machine
     * @param offeredBitsPerSecond the rate frames are offered at, positive
     * @param frameBytes each frame's length, an Ethernet frame's (60 to 1514 bytes)
     * @param seconds how long, 1 to 60
     * @return what was offered, sent, dropped and queued
     * @throws KernelException {@code ENOENT} if no machine of that ID runs or it has no NIC, {@code EINVAL} for a
     *         rate, length or time out of range
     * @since 1.1
     */
    TransmitReport transmit(int vmId, long offeredBitsPerSecond, int frameBytes, int seconds) throws KernelException;
}
