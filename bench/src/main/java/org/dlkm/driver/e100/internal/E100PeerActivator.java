package org.dlkm.driver.e100.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciAddress;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The activator of e100's peer bundle (P1): the e100 driver written as a plain OSGi bundle instead of a dlkm module,
 * what a user would write without the kernel. Its class file is copied into a copy of the shipped e100 jar, beside the
 * driver's own classes and in their package (the interface class is package-private), as its author would place it;
 * the benchmark's sources hold it in the same package for that reason only, and nothing in the benchmark's JVM loads
 * it.
 *
 * <p>Starting the bundle does the work of the module's {@code load} for the same cards: for each card named in the
 * bundle's {@value #CARDS_HEADER} header (the cards the kernel's PCI bus assigns to the VMkernel), it creates the
 * driver's interface ({@link E100NetDev}, with the parameters' defaults), registers it as a {@link NetworkDevice}
 * service named as the kernel names it ({@code vmnic0}, ...) and schedules its watchdog every
 * {@value #WATCHDOG_MILLIS} ms on the platform's shared scheduler (a {@link ScheduledExecutorService} service, as the
 * kernel runs module timers on its shared pool). Stopping it cancels the watchdogs and withdraws the services.
 *
 * <p>Threading: the framework calls it on the thread that starts or stops the bundle; the watchdogs run on the
 * scheduler's thread.
 */
public final class E100PeerActivator implements BundleActivator {
    /** The manifest header listing the cards to drive, PCI addresses separated by commas ({@code 0:7}). */
    public static final String CARDS_HEADER = "DLKM-Peer-Cards";
    /** The service property naming the interface. */
    public static final String DEVICE_PROPERTY = "dlkm.device";
    /** The service property holding the card's PCI address. */
    public static final String PCI_PROPERTY = "dlkm.pci";
    /** The watchdog's period: the default of the module's tunable {@code e100_watchdog_ms}. */
    public static final long WATCHDOG_MILLIS = 2_000;

    /** The defaults of the module's {@code DLKM-Parameters}. */
    private static final E100Settings DEFAULTS = new E100Settings(0, 64, 64, 0, true, 1536);

    private final List<ServiceRegistration<NetworkDevice>> registrations = new ArrayList<>();
    private final List<ScheduledFuture<?>> watchdogs = new ArrayList<>();
    private ServiceReference<ScheduledExecutorService> timerReference;

    /** Creates the activator; the framework does this once per start. */
    public E100PeerActivator() {
        // the cards are bound in start
    }

    @Override
    public void start(BundleContext context) throws BundleException {
        ServiceReference<ScheduledExecutorService> ref = context.getServiceReference(ScheduledExecutorService.class);
        ScheduledExecutorService timer = ref == null ? null : context.getService(ref);
        if (timer == null) {
            throw new BundleException("e100 peer: no ScheduledExecutorService service to run the watchdogs on");
        }
        timerReference = ref;
        String cards = context.getBundle().getHeaders("").get(CARDS_HEADER);
        if (cards == null || cards.isBlank()) {
            throw new BundleException("e100 peer: the " + CARDS_HEADER + " header names no card");
        }
        for (String card : cards.split(",")) {
            PciAddress address = address(card);
            E100NetDev netdev = new E100NetDev(address, DEFAULTS);
            netdev.watchdogPeriod(WATCHDOG_MILLIS);
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(DEVICE_PROPERTY, "vmnic" + registrations.size());
            properties.put(PCI_PROPERTY, address.toString());
            registrations.add(context.registerService(NetworkDevice.class, netdev, properties));
            watchdogs.add(timer.scheduleAtFixedRate(netdev::watchdog, WATCHDOG_MILLIS, WATCHDOG_MILLIS,
                    TimeUnit.MILLISECONDS));
        }
    }

    private static PciAddress address(String card) throws BundleException {
        try {
            return PciAddress.parse(card);
        } catch (KernelException e) {
            throw new BundleException("e100 peer: " + CARDS_HEADER + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop(BundleContext context) {
        watchdogs.forEach(w -> w.cancel(false));
        watchdogs.clear();
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        if (timerReference != null) {
            context.ungetService(timerReference);
            timerReference = null;
        }
    }
}
