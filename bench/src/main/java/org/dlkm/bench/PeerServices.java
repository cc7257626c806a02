package org.dlkm.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.dlkm.driver.e100.internal.E100PeerActivator;
import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.net.TransmitFilterClass;
import org.dlkm.nfshaper.internal.NfShaperPeerActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * What a raw framework offers the peer bundles ({@link PeerBundleWriter}), and the checks that a peer does the
 * module's work. The offer is one shared scheduler, registered by the system bundle as a
 * {@link ScheduledExecutorService} service, on which e100's peer runs its watchdogs: one daemon thread, cancelled
 * tasks removed, as the kernel's shared pool for module timers is made. The checks run during a benchmark's setup,
 * outside the measurement, and throw if a peer registered less than the module would.
 *
 * <p>The activators' constants used here are compile-time constants, copied into this class by the compiler: the
 * activators themselves are never loaded in the benchmark's JVM.
 *
 * <p>Not thread-safe: set up, checked and closed by one benchmark thread.
 */
public final class PeerServices implements AutoCloseable {
    private final BundleContext system;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ServiceRegistration<ScheduledExecutorService> registration;

    private PeerServices(BundleContext system, ScheduledThreadPoolExecutor scheduler,
            ServiceRegistration<ScheduledExecutorService> registration) {
        this.system = system;
        this.scheduler = scheduler;
        this.registration = registration;
    }

    /**
     * Registers the shared scheduler.
     *
     * @param system the system bundle's context
     * @return the offer, to check peers with and to close at the end of the trial
     */
    public static PeerServices offer(BundleContext system) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "peer-timers");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return new PeerServices(system, scheduler, system.registerService(ScheduledExecutorService.class, scheduler,
                null));
    }

    /**
     * Checks that a started peer registered what the module's load registers: nfshaper's filter class, a network
     * device for each of e100's cards with its watchdog scheduled.
     *
     * @throws IllegalStateException naming what is missing
     */
    public void checkRegistered(PeerBundleWriter.Peer peer) {
        List<String> cards = cards(peer);
        if (cards.isEmpty()) {
            checkFilterClass(system, peer.module());
            return;
        }
        List<String> registered = new ArrayList<>();
        for (ServiceReference<NetworkDevice> ref : references(system, NetworkDevice.class, null)) {
            registered.add(ref.getProperty(E100PeerActivator.DEVICE_PROPERTY) + "@"
                    + ref.getProperty(E100PeerActivator.PCI_PROPERTY));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            expected.add("vmnic" + i + "@" + cards.get(i));
        }
        if (!new TreeSet<>(registered).equals(new TreeSet<>(expected))) {
            throw new IllegalStateException(peer.module() + "'s peer registered network devices " + registered
                    + ", not " + expected);
        }
        if (scheduler.getQueue().size() != cards.size()) {
            throw new IllegalStateException(peer.module() + "'s peer scheduled " + scheduler.getQueue().size()
                    + " watchdogs for " + cards.size() + " cards");
        }
    }

    /**
     * Checks that a transmit filter class is registered as a service under its name, as nfshaper's peer registers its
     * class.
     *
     * @param context any bundle's context in the framework
     * @param name the class's name, {@code nfshaper}
     * @throws IllegalStateException if there is not exactly one
     */
    public static void checkFilterClass(BundleContext context, String name) {
        String filter = "(" + NfShaperPeerActivator.NAME_PROPERTY + "=" + name + ")";
        int classes = references(context, TransmitFilterClass.class, filter).size();
        if (classes != 1) {
            throw new IllegalStateException(classes + " transmit filter class services named " + name
                    + " are registered, not 1");
        }
    }

    /**
     * Checks that the kernel's load of a module registered devices for the very cards its peer drives.
     *
     * @param devices the kernel's devices while the module is loaded
     * @throws IllegalStateException naming both sets of cards
     */
    public static void checkSameDevices(PeerBundleWriter.Peer peer, Collection<DeviceInfo> devices) {
        List<String> drivenByModule = new ArrayList<>();
        for (DeviceInfo d : devices) {
            if (d.module().equals(peer.module())) {
                drivenByModule.add(d.pciAddress().toString());
            }
        }
        if (!new TreeSet<>(drivenByModule).equals(new TreeSet<>(cards(peer)))) {
            throw new IllegalStateException("the kernel's " + peer.module() + " drives the cards " + drivenByModule
                    + ", its peer bundle " + cards(peer) + ": the baselines would not do the same work");
        }
    }

    private static List<String> cards(PeerBundleWriter.Peer peer) {
        return peer.cards().isEmpty() ? List.of() : Arrays.asList(peer.cards().split(","));
    }

    private static <S> Collection<ServiceReference<S>> references(BundleContext context, Class<S> type,
            String filter) {
        try {
            return context.getServiceReferences(type, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + filter, e);
        }
    }

    /** Withdraws the scheduler's service and stops its thread; call it before the framework stops. */
    @Override
    public void close() {
        registration.unregister();
        scheduler.shutdownNow();
    }
}
