package org.dlkm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.dlkm.driver.e100.internal.E100PeerActivator;
import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.DeviceKind;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.net.TransmitFilterClass;
import org.dlkm.kernel.spi.ModuleConstants;
import org.dlkm.nfshaper.internal.NfShaperClass;
import org.dlkm.nfshaper.internal.NfShaperPeerActivator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/** The peer bundles of P1 and P5: nfshaper and e100 written as plain OSGi bundles, and their jars. */
class PeerBundlesTest {

    @TempDir
    Path dir;

    /** A registration the fake framework recorded, and whether it was withdrawn. */
    private static final class Registered {
        final Class<?> type;
        final Object service;
        final Dictionary<?, ?> properties;
        boolean unregistered;

        Registered(Class<?> type, Object service, Dictionary<?, ?> properties) {
            this.type = type;
            this.service = service;
            this.properties = properties;
        }
    }

    /** A bundle context that records registrations, offers one scheduler and gives its bundle some headers. */
    private static final class FakeFramework {
        final List<Registered> registered = new ArrayList<>();
        final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        int servicesGot;
        final BundleContext context;

        FakeFramework(Map<String, String> headers) {
            scheduler.setRemoveOnCancelPolicy(true);
            ServiceReference<?> schedulerRef = proxy(ServiceReference.class, (name, args) -> null);
            Bundle bundle = proxy(Bundle.class, (name, args) -> name.equals("getHeaders")
                    ? new Hashtable<>(headers) : null);
            context = proxy(BundleContext.class, (name, args) -> switch (name) {
                case "getBundle" -> bundle;
                case "getServiceReference" -> args[0] == ScheduledExecutorService.class ? schedulerRef : null;
                case "getService" -> {
                    servicesGot++;
                    yield scheduler;
                }
                case "ungetService" -> {
                    servicesGot--;
                    yield true;
                }
                case "registerService" -> {
                    Registered r = new Registered((Class<?>) args[0], args[1], (Dictionary<?, ?>) args[2]);
                    registered.add(r);
                    yield proxy(ServiceRegistration.class, (n, a) -> {
                        r.unregistered = true;
                        return null;
                    });
                }
                default -> throw new UnsupportedOperationException(name);
            });
        }
    }

    @FunctionalInterface
    private interface Calls {
        Object call(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Calls calls) {
        return type.cast(Proxy.newProxyInstance(PeerBundlesTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> calls.call(method.getName(), args)));
    }

    @Test
    void nfshapersPeerRegistersItsFilterClassUnderItsNameWithItsUsageAndWithdrawsItAtStop() {
        FakeFramework felix = new FakeFramework(Map.of());
        NfShaperPeerActivator activator = new NfShaperPeerActivator();
        activator.start(felix.context);
        assertEquals(1, felix.registered.size());
        Registered r = felix.registered.get(0);
        assertEquals(TransmitFilterClass.class, r.type);
        assertTrue(r.service instanceof NfShaperClass);
        assertEquals("nfshaper", r.properties.get(NfShaperPeerActivator.NAME_PROPERTY));
        assertEquals(new NfShaperClass().usage(), r.properties.get(NfShaperPeerActivator.USAGE_PROPERTY));
        activator.stop(felix.context);
        assertTrue(r.unregistered);
    }

    @Test
    void e100sPeerRegistersANetworkDeviceForEachCardWithItsWatchdogOnTheSharedScheduler() throws Exception {
        FakeFramework felix = new FakeFramework(Map.of(E100PeerActivator.CARDS_HEADER, "0:7,0:9"));
        E100PeerActivator activator = new E100PeerActivator();
        activator.start(felix.context);
        List<String> devices = new ArrayList<>();
        for (Registered r : felix.registered) {
            assertEquals(NetworkDevice.class, r.type);
            devices.add(r.properties.get(E100PeerActivator.DEVICE_PROPERTY) + "@"
                    + r.properties.get(E100PeerActivator.PCI_PROPERTY) + " "
                    + ((NetworkDevice) r.service).macAddress());
        }
        assertEquals(List.of("vmnic0@0:7 00:90:27:00:07:00", "vmnic1@0:9 00:90:27:00:09:00"), devices);
        assertEquals(2, felix.scheduler.getQueue().size(), "one watchdog per card");
        assertEquals(1, felix.servicesGot);
        activator.stop(felix.context);
        assertTrue(felix.registered.stream().allMatch(r -> r.unregistered));
        assertEquals(0, felix.scheduler.getQueue().size(), "the watchdogs are cancelled");
        assertEquals(0, felix.servicesGot, "the scheduler is released");
        felix.scheduler.shutdownNow();
    }

    @Test
    void e100sPeerRefusesToStartWithoutACardOrAScheduler() {
        FakeFramework noCards = new FakeFramework(Map.of());
        assertThrows(org.osgi.framework.BundleException.class, () -> new E100PeerActivator().start(noCards.context));
        noCards.scheduler.shutdownNow();
    }

    @Test
    void thePeerJarIsTheModuleJarWithAnActivatorInsteadOfTheWrapper() throws Exception {
        Path module = new ModuleJarWriter().write(new ModuleSpec("e100", List.of(), List.of()), dir);
        Path peer = PeerBundleWriter.write(PeerBundleWriter.Peer.E100, module, dir.resolve("e100-peer.jar"));
        Map<String, String> moduleHeaders = JarContents.headers(module);
        Map<String, String> peerHeaders = JarContents.headers(peer);
        moduleHeaders.remove(ModuleConstants.MODULE_CLASS_HEADER);
        assertEquals(E100PeerActivator.class.getName(), peerHeaders.remove("Bundle-Activator"));
        assertEquals("0:7", peerHeaders.remove(E100PeerActivator.CARDS_HEADER));
        assertEquals(moduleHeaders.remove("Import-Package") + "," + PeerBundleWriter.FRAMEWORK_IMPORT,
                peerHeaders.remove("Import-Package"));
        assertEquals(moduleHeaders, peerHeaders);
        Set<String> added = new HashSet<>(JarContents.entries(peer));
        added.removeAll(JarContents.entries(module));
        assertEquals(Set.of("org/dlkm/driver/e100/internal/E100PeerActivator.class"), added);
        assertTrue(JarContents.entries(peer).containsAll(JarContents.entries(module)));
    }

    @Test
    void eachPeerNamesItsActivatorClass() {
        assertEquals(NfShaperPeerActivator.class.getName(), PeerBundleWriter.Peer.of("nfshaper").activator);
        assertEquals(E100PeerActivator.class.getName(), PeerBundleWriter.Peer.of("e100").activator);
        assertThrows(IllegalArgumentException.class, () -> PeerBundleWriter.Peer.of("vmklinux"));
    }

    @Test
    void theKernelAndThePeerMustDriveTheSameCards() throws Exception {
        DeviceInfo vmnic0 = new DeviceInfo("vmnic0", DeviceKind.NETWORK, "e100", PciAddress.parse("0:7"), List.of());
        PeerServices.checkSameDevices(PeerBundleWriter.Peer.E100, List.of(vmnic0));
        DeviceInfo elsewhere = new DeviceInfo("vmnic0", DeviceKind.NETWORK, "e100", PciAddress.parse("0:8"),
                List.of());
        assertThrows(IllegalStateException.class,
                () -> PeerServices.checkSameDevices(PeerBundleWriter.Peer.E100, List.of(elsewhere)));
        PeerServices.checkSameDevices(PeerBundleWriter.Peer.NFSHAPER, List.of(vmnic0));
    }
}
