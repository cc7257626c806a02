package org.dlkm.kernel.spi;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.ScsiAdapter;
import org.dlkm.kernel.net.TransmitFilterClass;
import org.dlkm.kernel.proc.ProcReader;
import org.dlkm.kernel.proc.ProcWriter;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the kernel gives a module for the life of one load. Everything a module registers, claims or starts through
 * its context is owned by that load: the kernel withdraws it when the module unloads or when its load fails, so
 * nothing is left behind.
 *
 * <p>Threading: every method may be called from any thread while the module is loaded, including its own timers
 * and threads. After the module is unloaded every method throws {@link IllegalStateException}.
 */
@ProviderType
public interface ModuleContext {

    /** @return the module name */
    String moduleName();

    /** @return the kernel's ID of this load */
    int moduleId();

    /** @return the tag devices are named after ({@code vmnic}) */
    String tag();

    /** @return the validated parameter values */
    ModuleParameters parameters();

    /** Writes a line to the kernel log, prefixed with the module name. */
    void log(String message);

    /**
     * Claims the PCI devices this module will drive: every device that matches, is not claimed by another module,
     * and is assigned to the VMkernel or named by the load's {@code -d bus:slot}. A console device claimed through
     * {@code -d} becomes shared: controlled by the VMkernel, still visible to the service console.
     *
     * @param match which devices this driver supports
     * @return the claimed devices, by bus address; empty if none matched
     */
    List<PciDevice> claimPciDevices(Predicate<PciDevice> match);

    /**
     * Registers a network device for a claimed PCI device. The kernel names it tag + N (the lowest number free
     * among all modules sharing the tag) and publishes {@code /proc/vmware/net/<name>}.
     *
     * @throws KernelException {@code EINVAL} if the PCI device is not claimed by this module
     */
    Registration registerNetworkDevice(PciDevice pci, NetworkDevice device) throws KernelException;

    /**
     * Registers a SCSI adapter for a claimed PCI device, named like a network device and published at
     * {@code /proc/vmware/scsi/<name>}.
     *
     * @throws KernelException {@code EINVAL} if the PCI device is not claimed by this module
     */
    Registration registerScsiAdapter(PciDevice pci, ScsiAdapter adapter) throws KernelException;

    /**
     * Publishes a read-only proc entry.
     *
     * @param path an absolute path under {@code /proc}
     * @throws KernelException {@code EEXIST} if the path is taken, {@code EINVAL} if it is not under {@code /proc}
     */
    Registration publishProc(String path, ProcReader reader) throws KernelException;

    /** Publishes a proc entry that can also be written. */
    Registration publishProc(String path, ProcReader reader, ProcWriter writer) throws KernelException;

    /**
     * Registers a transmit filter class, such as {@code nfshaper}.
     *
     * @throws KernelException {@code EEXIST} if a class of that name is registered
     */
    Registration registerTransmitFilterClass(TransmitFilterClass filterClass) throws KernelException;

    /**
     * Starts a timer owned by this module (the seeds' {@code timeout()}). The module's tasks run one at a time, in a
     * lane of their own on the kernel's timer workers, with the module's class loader as the thread's context class
     * loader: a task that blocks delays only this module's timers. A task should still be short: one that runs longer
     * than the kernel's limit for module code is logged and interrupted, and one still running at unload is
     * interrupted after a second.
     *
     * @param task what to run; an exception it throws is logged and the timer goes on
     * @param delay the delay before the first run
     * @param period the period between runs, or 0 to run once
     * @param unit the unit of delay and period
     * @throws KernelException {@code EAGAIN} if the kernel already keeps {@code ncallout} pending module timers
     */
    ModuleTimer schedule(Runnable task, long delay, long period, TimeUnit unit) throws KernelException;

    /**
     * Starts a daemon thread owned by this module. On unload or failed load it is interrupted and joined: a body
     * must end when interrupted.
     *
     * @param name a short name; the thread is named {@code dlkm-<module>-<name>}
     * @throws KernelException {@code EAGAIN} if {@code nproc} module threads are alive kernel-wide, or this module
     *         has {@code maxuprc} alive
     */
    Thread startThread(String name, Runnable body) throws KernelException;

    /**
     * The current value of one of this module's tunables (its master file's {@code $TUNABLE}). A static tunable keeps
     * the value it had when the module was loaded; a dynamic one follows {@code kmtune -u} (see
     * {@link #onTunableChange}).
     *
     * @param name the tunable's name; case is ignored
     * @return its current value
     * @throws IllegalArgumentException if the module's master file declares no tunable of that name
     * @since 1.2
     */
    long tunable(String name);

    /**
     * Asks to be told when a dynamic tunable of this module changes in the running kernel. The listener runs on the
     * module's timer lane (one task at a time, with its other timers), never inside a framework callback and never
     * while a kernel lock is held; it is withdrawn with the module.
     *
     * @param listener what to call
     * @return the registration, to withdraw it earlier
     * @since 1.2
     */
    Registration onTunableChange(TunableListener listener);

    /**
     * Asks to be told of PCI hot-plug: a card inserted into the running machine ({@code hotplug add}) that
     * {@code match} accepts, is assigned to the VMkernel (or shared) and is not claimed, is claimed for this module and
     * given to {@link PciHotplugListener#deviceAdded}; one of the module's cards about to be removed
     * ({@code hotplug remove}) is given to {@link PciHotplugListener#deviceRemoved}. A module that does not register
     * keeps the cards it claimed at load, and a removal of one of them is refused while it is loaded.
     *
     * @param match which cards the driver supports; evaluated on a card's identity (IDs, class, address) only
     * @param listener what to call, on the kernel's module thread
     * @return the registration, to withdraw it earlier; it is withdrawn with the module
     * @since 1.3
     */
    Registration onPciHotplug(Predicate<PciDevice> match, PciHotplugListener listener);
}
