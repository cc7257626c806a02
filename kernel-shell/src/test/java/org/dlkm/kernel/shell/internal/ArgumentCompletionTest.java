package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.ParameterType;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceHandle;
import org.dlkm.kernel.device.DeviceInfo;
import org.dlkm.kernel.device.DeviceKind;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciClass;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciOwner;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.shell.internal.Choices.Choice;
import org.junit.jupiter.api.Test;

/**
 * What Tab offers for the arguments of the dlkm commands, on a kernel where vmklinux and e100 are loaded (e100 with
 * vmnic0, held open by vm1), aic7xxx and nfshaper are registered but not loaded, and the service console sees the
 * adapter at 0:12.
 *
 * <p>Why this class is large: one specification per command's arguments, over one kernel; its fakes of the catalog,
 * the devices and the proc tree, which every test reads, take a third of it.
 */
class ArgumentCompletionTest {
    private final FakeKernel kernel = new FakeKernel();
    private final ArgumentCompletion completion;

    ArgumentCompletionTest() {
        kernel.loaded.add(FakeKernel.module(1, "vmklinux", "linux", 12, true, List.of()));
        kernel.loaded.add(FakeKernel.module(2, "e100", "vmnic", 13, false, List.of("vmnic0")));
        kernel.parameters = List.of(
                new ParameterInfo("debug", ParameterType.INT, 0L, 16L, "0", "Debug message level"),
                new ParameterInfo("XsumRX", ParameterType.BOOL, null, null, "1", "Receive checksum offload"));
        completion = new ArgumentCompletion(kernel, new Catalog(), new Devices(), new Proc());
    }

    @Test
    void kmadminLoadOffersTheRegisteredModulesNotLoadedYet() {
        assertEquals(List.of("aic7xxx", "nfshaper"), values("kmadmin", "-L", ""));
        assertEquals(List.of("aic7xxx", "nfshaper"), values("kmadmin", "-n", "-L", ""));
        assertEquals(List.of("aic7xxx", "nfshaper"), values("kmadmin", "-nL", ""));
    }

    @Test
    void unloadingOffersTheLoadedModules() {
        assertEquals(List.of("vmklinux", "e100"), values("kmadmin", "-U", ""));
        assertEquals(List.of("vmklinux", "e100"), values("vmkload_mod", "-u", ""));
        assertEquals(List.of("vmklinux", "e100"), values("vmkload_mod", "--unload", ""));
    }

    @Test
    void moduleIdsAreOfferedWithTheModuleTheyName() {
        List<Choice> choices = completion.complete(List.of("kmadmin", "-u", ""), 2).list();

        assertEquals(List.of("1", "2"), choices.stream().map(Choice::value).toList());
        assertEquals("e100", choices.get(1).description());
        assertEquals(List.of("1", "2"), values("kmadmin", "-q", ""));
    }

    @Test
    void queryingOffersLoadedAndRegisteredModulesOnce() {
        assertEquals(List.of("vmklinux", "e100", "aic7xxx", "nfshaper"), values("kmadmin", "-Q", ""));
    }

    @Test
    void theManualsAbsolutePathsCompleteAsTheirCommands() {
        assertEquals(values("kmadmin", "-U", ""), values("/usr/sbin/kmadmin", "-U", ""));
        assertEquals(values("vmkload_mod", "-u", ""), values("/usr/sbin/vmkload_mod", "-u", ""));
        assertEquals(values("kmadmin", "-U", ""), values("dlkm:kmadmin", "-U", ""));
    }

    @Test
    void nothingIsOfferedOnceTheOperandIsThere() {
        assertEquals(List.of(), values("kmadmin", "-L", "e100", ""));
        assertEquals(List.of(), values("kmadmin", ""));
    }

    @Test
    void vmkloadModOffersModulesThenNothingForTheTagThenTheModulesParameters() {
        assertEquals(List.of("aic7xxx", "e100", "nfshaper", "vmklinux"), values("vmkload_mod", ""));
        assertEquals(List.of("aic7xxx", "e100", "nfshaper", "vmklinux"), values("vmkload_mod", "-v", "-e", ""));
        assertEquals(List.of(), values("vmkload_mod", "e100", ""));
        assertEquals(List.of("debug=", "XsumRX="), values("vmkload_mod", "-d", "0:12", "e100", "vmnic", ""));
        assertEquals(List.of("e100"), kernel.parameterQueries);

        Choice debug = completion.complete(List.of("vmkload_mod", "e100", "vmnic", "de"), 3).list().get(0);
        assertFalse(debug.spaceAfter(), "a parameter's value follows its name");
        assertEquals("Debug message level", debug.description());
    }

    @Test
    void aModuleBinaryWithASlashMayAlsoBeAHostPath() {
        assertTrue(completion.complete(List.of("vmkload_mod", "/usr/lib/vmware/vmkmod/e"), 1).hostPaths());
        assertFalse(completion.complete(List.of("vmkload_mod", "e"), 1).hostPaths());
    }

    @Test
    void vmkloadModDeviceOffersTheAdaptersTheServiceConsoleSees() {
        List<Choice> choices = completion.complete(List.of("vmkload_mod", "-d", ""), 2).list();

        assertEquals(List.of("0:12"), choices.stream().map(Choice::value).toList());
        assertEquals("Adaptec AIC-7890/1 Ultra2 SCSI", choices.get(0).description());
    }

    @Test
    void kmsystemOffersYesOrNoAfterItsFlagsAndTheRegisteredModulesAfterThat() {
        assertEquals(List.of("Y", "N"), values("kmsystem", "-c", ""));
        assertEquals(List.of("Y", "N"), values("kmsystem", "-c", "Y", "-l", ""));
        assertEquals(List.of("aic7xxx", "e100", "nfshaper", "vmklinux"), values("kmsystem", "-c", "Y", ""));
        assertEquals(List.of("aic7xxx", "e100", "nfshaper", "vmklinux"), values("kmsystem", "-q", ""));
        assertEquals(List.of(), values("kmsystem", "-l", "N", "e100", ""));
    }

    @Test
    void kminstallOffersHostPathsForAJarAndRegisteredModulesForADeletion() {
        Choices add = completion.complete(List.of("kminstall", "-a", ""), 2);
        assertTrue(add.hostPaths());
        assertEquals(List.of(), add.list());
        assertTrue(completion.complete(List.of("kminstall", "-u", ""), 2).hostPaths());
        assertEquals(List.of("aic7xxx", "e100", "nfshaper", "vmklinux"), values("kminstall", "-d", ""));
    }

    @Test
    void hotplugOffersItsActionsThenTheCardsToRemoveOrTheOwnersOfACardToAdd() {
        assertEquals(List.of("add", "remove"), values("hotplug", ""));
        assertEquals(List.of("0:12"), values("hotplug", "remove", ""));
        assertEquals(List.of(), values("hotplug", "add", ""));
        assertEquals(List.of("vmkernel", "console", "shared"), values("hotplug", "add", "0:9", "8086:1229", ""));
        assertEquals(List.of(), values("hotplug", "remove", "0:12", ""));
    }

    @Test
    void vmwareCmdOffersTheMachinesThenTheirOperationsAndVmxmitTheRunningOnes() {
        ArgumentCompletion withMachines = new ArgumentCompletion(kernel, new Catalog(), new Devices(), new Proc(),
                new ArgumentCompletion.Machines() {
                    @Override
                    public List<String> registered() {
                        return List.of("/vmfs/vm1/vm1.vmx", "/vmfs/d2/d2.vmx");
                    }

                    @Override
                    public List<org.dlkm.kernel.vm.VmInfo> running() {
                        return List.of(new org.dlkm.kernel.vm.VmInfo(Path.of("/h/vmfs/vm1/vm1.vmx"), "vm1",
                                org.dlkm.kernel.vm.VmState.ON, 137, List.of("vmnic0")));
                    }
                });
        java.util.function.Function<List<String>, List<String>> values = words -> withMachines
                .complete(words, words.size() - 1).list().stream().map(Choice::value).toList();

        assertEquals(List.of("/vmfs/vm1/vm1.vmx", "/vmfs/d2/d2.vmx"), values.apply(List.of("vmware-cmd", "")));
        assertEquals(List.of("register", "unregister"), values.apply(List.of("vmware-cmd", "-s", "")));
        assertEquals(List.of("/vmfs/vm1/vm1.vmx", "/vmfs/d2/d2.vmx"),
                values.apply(List.of("vmware-cmd", "-s", "unregister", "")));
        assertTrue(withMachines.complete(List.of("vmware-cmd", "-s", "register", "/vm"), 3).hostPaths(),
                "a file to register is a path");
        assertEquals(List.of("start", "stop", "getstate", "getid"),
                values.apply(List.of("vmware-cmd", "/vmfs/vm1/vm1.vmx", "")));
        assertEquals(List.of(), values.apply(List.of("vmware-cmd", "/vmfs/vm1/vm1.vmx", "start", "")));
        assertEquals(List.of("137"), values.apply(List.of("vmxmit", "")));
        assertEquals(List.of(), values.apply(List.of("vmxmit", "137", "")));
        assertEquals(List.of(), values("vmxmit", ""), "no machine runs");
    }

    @Test
    void vmkdevOffersTheDevicesThenWhoHoldsTheOneToClose() {
        assertEquals(List.of("vmnic0", "vmhba0"), values("vmkdev", "-o", ""));
        assertEquals(List.of("vmnic0", "vmhba0"), values("vmkdev", "-c", ""));
        assertEquals(List.of("vm1"), values("vmkdev", "-c", "vmnic0", ""));
        assertEquals(List.of(), values("vmkdev", "-o", "vmnic0", ""));
        assertEquals(List.of(), values("vmkdev", ""));
    }

    @Test
    void procPathsCompleteADirectoryAtATimeAndADirectoryGetsNoSpaceAfterIt() {
        List<Choice> choices = completion.complete(List.of("cat", "/proc/vmware/n"), 1).list();

        assertEquals(List.of("/proc/vmware/filters/", "/proc/vmware/log", "/proc/vmware/net/"),
                choices.stream().map(Choice::value).toList());
        assertEquals(List.of("filters/", "log", "net/"), choices.stream().map(Choice::display).toList());
        assertEquals(List.of(false, true, false), choices.stream().map(Choice::spaceAfter).toList());
        assertFalse(completion.complete(List.of("cat", "/proc/vmware/n"), 1).hostPaths(),
                "under /proc the paths are the kernel's, never the host's");
        assertEquals(List.of("/proc/vmware/net/vmnic0"), values("ls", "/proc/vmware/net/"));
        assertEquals(List.of(), values("ls", "/proc/nosuch/"));
    }

    @Test
    void otherPathsAreTheHostsAndProcIsOfferedOnTheWay() {
        Choices root = completion.complete(List.of("ls", "/pr"), 1);
        assertTrue(root.hostPaths());
        assertEquals(List.of("/proc/"), root.list().stream().map(Choice::value).toList());

        assertEquals(List.of("/stand/"), values("cd", "/sta"));
        assertEquals(List.of("/usr/conf/", "/usr/lib/vmware/vmkmod/"), values("ls", "/usr/"));
        assertEquals(List.of("/usr/lib/vmware/vmkmod/"), values("cat", "/usr/lib/vm"));
        assertEquals(List.of(), values("cd", "/stand/"), "inside a seed root, Gogo's own completion lists the home's");

        Choices relative = completion.complete(List.of("cat", "stand/sys"), 1);
        assertTrue(relative.hostPaths());
        assertEquals(List.of(), relative.list());
    }

    @Test
    void helpOffersTheDlkmCommands() {
        List<String> names = values("help", "");

        assertTrue(names.containsAll(List.of("vmkload_mod", "kmadmin", "kmsystem", "kminstall", "vmkdev", "cat")),
                names.toString());
        assertTrue(names.stream().noneMatch(name -> name.startsWith("_")), names.toString());
    }

    @Test
    void aCommandTheGuideDoesNotKnowGetsNothing() {
        Choices none = completion.complete(List.of("lb", ""), 1);

        assertEquals(List.of(), none.list());
        assertFalse(none.hostPaths());
        assertEquals(List.of(), values("scanpci", ""));
    }

    /** The values offered for the last word. */
    private List<String> values(String... words) {
        return completion.complete(Arrays.asList(words), words.length - 1).list().stream().map(Choice::value)
                .toList();
    }

    /** Every shipped module registered. */
    private static final class Catalog implements ModuleCatalog {
        @Override
        public List<CatalogEntry> entries() {
            List<CatalogEntry> entries = new ArrayList<>();
            for (String name : List.of("aic7xxx", "e100", "nfshaper", "vmklinux")) {
                entries.add(new CatalogEntry(name, "misc", "Misc", "the " + name + " module", "/stand/" + name,
                        "/master/" + name, "/system/" + name, true, true, Optional.of(true), List.of(), -1, -1, -1));
            }
            return entries;
        }

        @Override
        public Optional<CatalogEntry> entry(String name) {
            return entries().stream().filter(e -> e.name().equals(name)).findFirst();
        }

        @Override
        public CatalogEntry install(Path jar) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public CatalogEntry update(Path jar) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public void remove(String name) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public CatalogEntry setConfigure(String name, boolean configure) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public CatalogEntry setLoadable(String name, boolean loadable) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }
    }

    /** vmnic0 of e100, held open by vm1; vmhba0 of aic7xxx; the console's adapter at 0:12. */
    private static final class Devices implements DeviceService {
        @Override
        public List<DeviceInfo> devices() {
            return List.of(new DeviceInfo("vmnic0", DeviceKind.NETWORK, "e100", new PciAddress(0, 7, 0), List.of("vm1")),
                    new DeviceInfo("vmhba0", DeviceKind.SCSI, "aic7xxx", new PciAddress(0, 10, 0), List.of()));
        }

        @Override
        public Optional<DeviceInfo> device(String name) {
            return devices().stream().filter(d -> d.name().equals(name)).findFirst();
        }

        @Override
        public DeviceHandle open(String name, String holder) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public List<DeviceHandle> handles() {
            return List.of();
        }

        @Override
        public org.dlkm.kernel.device.HotplugResult hotplugAdd(PciAddress address, org.dlkm.kernel.device.PciId id,
                PciOwner owner) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public org.dlkm.kernel.device.HotplugResult hotplugRemove(PciAddress address) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public List<PciDevice> pciDevices() {
            return consoleVisibleDevices();
        }

        @Override
        public List<PciDevice> consoleVisibleDevices() {
            return List.of(new PciDevice() {
                @Override
                public PciAddress address() {
                    return new PciAddress(0, 12, 0);
                }

                @Override
                public int vendorId() {
                    return 0x9005;
                }

                @Override
                public int deviceId() {
                    return 0x001f;
                }

                @Override
                public PciClass deviceClass() {
                    return null;
                }

                @Override
                public String description() {
                    return "Adaptec AIC-7890/1 Ultra2 SCSI";
                }

                @Override
                public PciOwner owner() {
                    return null;
                }

                @Override
                public Optional<String> claimedBy() {
                    return Optional.empty();
                }
            });
        }
    }

    /** {@code /proc/pci}, {@code /proc/vmware/log} and {@code /proc/vmware/net/vmnic0}, with their directories. */
    private static final class Proc implements ProcTree {
        private static final Map<String, List<String>> DIRECTORIES = Map.of(
                "/proc", List.of("pci", "vmware/"),
                "/proc/vmware", List.of("filters/", "log", "net/"),
                "/proc/vmware/net", List.of("vmnic0"));

        @Override
        public boolean exists(String path) {
            return DIRECTORIES.containsKey(path);
        }

        @Override
        public boolean isDirectory(String path) {
            return DIRECTORIES.containsKey(path);
        }

        @Override
        public List<String> list(String path) throws KernelException {
            List<String> names = DIRECTORIES.get(path);
            if (names == null) {
                throw new KernelException(Errno.ENOENT, path + ": no such directory");
            }
            return names;
        }

        @Override
        public String read(String path) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }

        @Override
        public boolean isWritable(String path) {
            return false;
        }

        @Override
        public void write(String path, String text) throws KernelException {
            throw new KernelException(Errno.ENOSYS, "not used");
        }
    }
}
