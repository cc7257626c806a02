package org.dlkm.nfshaper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Manifest;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.ScsiAdapter;
import org.dlkm.kernel.net.TransmitFilterClass;
import org.dlkm.kernel.proc.ProcReader;
import org.dlkm.kernel.proc.ProcWriter;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleParameters;
import org.dlkm.kernel.spi.ModuleTimer;
import org.dlkm.kernel.spi.Registration;
import org.dlkm.kernel.spi.TunableListener;
import org.junit.jupiter.api.Test;

class NfShaperModuleTest {

    @Test
    void loadRegistersTheNfshaperFilterClass() throws Exception {
        RecordingContext context = new RecordingContext();

        new NfShaperModule().load(context);

        assertEquals(1, context.filterClasses.size());
        TransmitFilterClass registered = context.filterClasses.get(0);
        assertEquals("nfshaper", registered.name());
        assertInstanceOf(TwoBucketShaper.class, registered.create(List.of("1m", "2m", "16k")));
    }

    /** The kernel autoloads nfshaper for an xmitpush by the class its jar declares: the one it registers. */
    @Test
    void theManifestDeclaresTheFilterClassTheModuleRegisters() throws Exception {
        RecordingContext context = new RecordingContext();
        new NfShaperModule().load(context);
        Manifest manifest;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }

        String declared = manifest.getMainAttributes().getValue("Provide-Capability");
        assertTrue(declared != null && declared.contains("dlkm.filter;dlkm.filter=" + context.filterClasses.get(0)
                .name()), "bnd.bnd's Provide-Capability and the class the module registers differ: " + declared);
    }

    @Test
    void loadFailsWithTheKernelsCodeWhenTheClassNameIsTaken() {
        RecordingContext context = new RecordingContext();
        context.refuseFilterClasses = true;

        KernelException refusal = assertThrows(KernelException.class, () -> new NfShaperModule().load(context));
        assertEquals(Errno.EEXIST, refusal.errno());
    }

    @Test
    void unloadAllowsTheUnload() throws Exception {
        NfShaperModule module = new NfShaperModule();
        module.load(new RecordingContext());

        assertEquals(0, module.unload());
    }

    @Test
    void usageIsOneLineNamingEveryArgument() {
        String usage = new NfShaperClass().usage();

        assertEquals(-1, usage.indexOf('\n'));
        for (String argument : List.of("<bpsAverage>", "<bpsPeak>", "<burstSize>", "[<periodPeak>]", "[<maxQueue>]")) {
            assertTrue(usage.contains(argument), () -> "usage lacks " + argument + ": " + usage);
        }
    }

    /** A context that records filter class registrations and supports nothing else. */
    private static final class RecordingContext implements ModuleContext {
        final List<TransmitFilterClass> filterClasses = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        boolean refuseFilterClasses;

        @Override
        public Registration registerTransmitFilterClass(TransmitFilterClass filterClass) throws KernelException {
            if (refuseFilterClasses) {
                throw new KernelException(Errno.EEXIST, "filter class " + filterClass.name() + " exists");
            }
            filterClasses.add(filterClass);
            return new Registration() {
                @Override
                public String name() {
                    return filterClass.name();
                }

                @Override
                public void unregister() {
                    filterClasses.remove(filterClass);
                }
            };
        }

        @Override
        public void log(String message) {
            log.add(message);
        }

        @Override
        public String moduleName() {
            return "nfshaper";
        }

        @Override
        public int moduleId() {
            return 1;
        }

        @Override
        public String tag() {
            return "nfshaper";
        }

        @Override
        public ModuleParameters parameters() {
            throw new UnsupportedOperationException("nfshaper takes no module parameters");
        }

        @Override
        public List<PciDevice> claimPciDevices(Predicate<PciDevice> match) {
            throw new UnsupportedOperationException("nfshaper claims no devices");
        }

        @Override
        public Registration registerNetworkDevice(PciDevice pci, NetworkDevice device) {
            throw new UnsupportedOperationException("nfshaper registers no devices");
        }

        @Override
        public Registration registerScsiAdapter(PciDevice pci, ScsiAdapter adapter) {
            throw new UnsupportedOperationException("nfshaper registers no devices");
        }

        @Override
        public Registration publishProc(String path, ProcReader reader) {
            throw new UnsupportedOperationException("nfshaper publishes no proc entries");
        }

        @Override
        public Registration publishProc(String path, ProcReader reader, ProcWriter writer) {
            throw new UnsupportedOperationException("nfshaper publishes no proc entries");
        }

        @Override
        public ModuleTimer schedule(Runnable task, long delay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException("nfshaper starts no timers");
        }

        @Override
        public Thread startThread(String name, Runnable body) {
            throw new UnsupportedOperationException("nfshaper starts no threads");
        }

        @Override
        public long tunable(String name) {
            if (!name.equals(NfShaperModule.MAX_QUEUE_TUNABLE)) {
                throw new IllegalArgumentException("nfshaper declares no tunable " + name);
            }
            return 100;
        }

        @Override
        public Registration onTunableChange(TunableListener listener) {
            throw new UnsupportedOperationException("nfshaper listens to no tunable");
        }

        @Override
        public Registration onPciHotplug(java.util.function.Predicate<org.dlkm.kernel.device.PciDevice> match,
                org.dlkm.kernel.spi.PciHotplugListener listener) {
            throw new UnsupportedOperationException("nfshaper drives no PCI device");
        }
    }
}
