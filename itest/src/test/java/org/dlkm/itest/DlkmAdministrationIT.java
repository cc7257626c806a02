package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.itest.modules.failing.FailingModule;
import org.dlkm.itest.modules.plain.PlainModule;
import org.dlkm.itest.modules.veto.VetoModule;
import org.dlkm.kernel.spi.ModuleConstants;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The HP-UX DLKM commands of "Managing Dynamically Loadable Kernel Modules": kminstall, kmsystem and kmadmin on
 * the same module table as vmkload_mod, with transactional demand loads.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DlkmAdministrationIT extends KernelTestSupport {

    private static String master(String name, String type, String dependencies) {
        return "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\n" + name + " " + type + "\n$$$\n"
                + (dependencies.isEmpty() ? "" : "$DRIVER_DEPENDENCY\n" + name + " " + dependencies + "\n$$$\n");
    }

    private void register(String name, Class<?> wrapper, String dependencies) throws Exception {
        Path jar = TestModuleJar.withMaster(name, wrapper, master(name, "misc", dependencies));
        ok("kminstall -a " + jar);
    }

    @Test
    public void theManualsAbsolutePathsRunTheDlkmCommands() {
        assertEquals(ok("kmadmin -L -n e100"), ok("/usr/sbin/kmadmin -n -L e100"));
        assertEquals(ok("kmsystem -q e100"), ok("/usr/sbin/kmsystem -q e100"));
        assertEquals("kmadmin: -n goes with -L", refused("/usr/sbin/kmadmin -n -U e100").lines().findFirst()
                .orElseThrow());
    }

    @Test
    public void everyCommandOfTheManualsRunsByItsAbsolutePath() {
        assertTrue(ok("/usr/sbin/kmtune -q nproc").contains("nproc"));
        assertTrue(ok("/usr/sbin/mk_kernel -h").startsWith("Usage: mk_kernel"));
        assertTrue(ok("/usr/lbin/sysadm/system_prep -h").startsWith("Usage: system_prep"));
        assertTrue(ok("/usr/sbin/config -h").startsWith("Usage: config"));
        assertTrue(ok("/usr/sbin/kmupdate -h").startsWith("Usage: kmupdate"));
    }

    @Test
    public void theShippedModulesAreRegisteredAtFirstBootWithTheirFiles() throws Exception {
        List<String> names = catalog.entries().stream().map(e -> e.name()).toList();
        assertTrue(names.toString(), names.containsAll(List.of("aic7xxx", "e100", "nfshaper", "vmklinux")));
        String home = context.getProperty("dlkm.home");
        assertTrue(Files.isRegularFile(Path.of(home, "stand/dlkm/mod.d/e100.jar")));
        assertTrue(Files.readString(Path.of(home, "usr/conf/master.d/e100")).contains("e100 wsio_class"));
        assertTrue(Files.readString(Path.of(home, "stand/system.d/e100")).contains("$CONFIGURE\nY\n$$$"));
    }

    @Test
    public void demandLoadLoadsTheDependenciesFirstAndPrintsTheIds() {
        String out = ok("kmadmin -L e100");
        String[] lines = out.split("\n");
        assertEquals(out, 2, lines.length);
        assertTrue(out, lines[0].matches("Module vmklinux loaded, ID = \\d+ \\(needed by e100\\)"));
        assertTrue(out, lines[1].matches("Module e100 loaded, ID = \\d+"));
        assertTrue(kernel.query("vmklinux").orElseThrow().exportSymbols());
        assertEquals(List.of("vmnic0"), kernel.query("e100").orElseThrow().devices());
    }

    @Test
    public void theProviderOfAnImportedSymbolIsLoadedFirstWithoutADeclaredDependency() throws Exception {
        // e100's code reads its tunable, so the copy's master file declares it (e100 owns the name: nic gets the default)
        Path jar = TestModuleJar.renamedCopy(Path.of(System.getProperty("dlkm.modules"), "e100.jar"), "nic",
                master("nic", "wsio_class", "") + "$TUNABLE\ne100_watchdog_ms 2000 100 60000 dynamic\n$$$\n");
        ok("kminstall -a " + jar);
        String plan = ok("kmadmin -L -n nic");
        assertTrue(plan, plan.contains("1. vmklinux     provides symbols to nic"));
        ok("kmadmin -L nic");
        assertEquals(List.of("vmklinux"), kernel.query("nic").orElseThrow().dependsOn());
        ok("kmadmin -U nic");
        ok("kminstall -d nic");
    }

    @Test
    public void aDryRunPrintsThePlanAndChangesNothing() {
        String plan = ok("kmadmin -L -n aic7xxx");
        assertTrue(plan, plan.contains("1. vmklinux     dependency of aic7xxx, $DRIVER_DEPENDENCY"));
        assertTrue(plan, plan.contains("2. aic7xxx"));
        assertTrue(kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.vmklinux").isEmpty());
    }

    @Test
    public void bothCommandFamiliesShareOneModuleTable() {
        ok("vmkload_mod -e vmklinux linux");
        String brief = ok("kmadmin -s");
        assertTrue(brief, brief.contains("vmklinux") && brief.contains("LOADED") && brief.contains("Misc"));
        ok("kmadmin -L e100");
        assertTrue(ok("vmkload_mod -l").contains("vmnic0"));
        ok("kmadmin -U e100");
        ok("vmkload_mod -u vmklinux");
        assertTrue(kernel.list().isEmpty());
    }

    @Test
    public void queryPrintsEveryFieldTheManualLists() {
        ok("kmadmin -L e100");
        int id = kernel.query("e100").orElseThrow().id();
        String q = ok("kmadmin -Q e100");
        for (String field : List.of("Module Name", "Module ID", "Module Path", "Status", "Size", "Base Address",
                "BSS Size", "BSS Base Address", "Hold Count", "Dependent Count", "Unload Delay", "Description",
                "Type", "Block Major", "Character Major")) {
            assertTrue(field + " missing in\n" + q, q.contains(field));
        }
        assertTrue(q, q.contains("LOADED"));
        assertTrue(q, q.contains("WSIO"));
        assertTrue(q, q.contains("0 seconds"));
        assertEquals(q, ok("kmadmin -q " + id));
        String vmklinux = ok("kmadmin -Q vmklinux");
        assertTrue(vmklinux, vmklinux.matches("(?s).*Dependent Count\\s+1\\n.*"));
        String unloaded = ok("kmadmin -Q nfshaper");
        assertTrue(unloaded, unloaded.contains("UNLOADED"));
        assertTrue(refused("kmadmin -q 999").endsWith("(ENOENT)"));
    }

    @Test
    public void queryListsTheShippedDriversPciIdsReadFromTheirMasterFilesWithoutLoadingThem() {
        String aic7xxx = ok("kmadmin -Q aic7xxx");
        assertTrue(aic7xxx, aic7xxx.contains("UNLOADED"));
        assertTrue(aic7xxx, aic7xxx.contains("\nPCI IDs                 9004:7895 9004:7178 9004:8178 9005:001f 9005:00cf\n"));
        ok("kmadmin -L e100");
        String e100 = ok("kmadmin -Q e100");
        assertTrue(e100, e100.contains("\nPCI IDs                 8086:1229 8086:2449 8086:1209\n"));
        assertFalse(ok("kmadmin -Q vmklinux").contains("PCI IDs"));
    }

    @Test
    public void fullStatusShowsEveryRegisteredModuleLoadedOrNot() {
        ok("kmadmin -L nfshaper");
        String all = ok("kmadmin -S");
        assertTrue(all, all.contains("Module Name             nfshaper"));
        assertTrue(all, all.contains("Module Name             aic7xxx"));
        assertTrue(all, all.contains("UNLOADED"));
        assertEquals("No statically configured modules are loaded", ok("kmadmin -k"));
    }

    @Test
    public void unloadByNameAndByIdFollowTheBusyRules() {
        ok("kmadmin -L e100");
        String busy = refused("kmadmin -U vmklinux");
        assertTrue(busy, busy.contains("e100 depends on it"));
        assertTrue(busy, busy.endsWith("(EBUSY)"));
        ok("vmkdev -o vmnic0 vm1");
        assertTrue(refused("kmadmin -U e100").contains("vmnic0 is held open by vm1"));
        ok("vmkdev -c vmnic0 vm1");
        int id = kernel.query("e100").orElseThrow().id();
        assertEquals("Module e100 (ID " + id + ") unloaded", ok("kmadmin -u " + id));
        assertEquals("Module vmklinux unloaded", ok("kmadmin -U vmklinux"));
        assertTrue(refused("kmadmin -u x").contains("is not a module ID"));
    }

    @Test
    public void aFailureInTheMiddleOfAThreeModulePlanUnloadsTheTwoAlreadyLoaded() throws Exception {
        register("tone", PlainModule.class, "");
        register("ttwo", PlainModule.class, "tone");
        register("tthree", FailingModule.class, "ttwo");
        String error = refused("kmadmin -L tthree");
        assertTrue(error, error.startsWith("kmadmin: tthree: demand load failed at step 3 of 3 (loading tthree): "));
        assertTrue(error, error.contains("cannot allocate the receive ring"));
        assertTrue(error, error.endsWith("; unloaded again: ttwo, tone (ENOMEM)"));
        assertTrue(kernel.list().isEmpty());
        assertTrue(bundlesNamed("org.dlkm.itest.t").isEmpty());
        assertTrue(devices.devices().isEmpty());
        assertTrue(threadsNamed("dlkm-tthree").isEmpty());
    }

    @Test
    public void aDependencyCycleIsFoundBeforeAnythingIsInstalled() throws Exception {
        register("cyca", PlainModule.class, "cycb");
        register("cycb", PlainModule.class, "cycc");
        register("cycc", PlainModule.class, "cyca");
        String error = refused("kmadmin -L cyca");
        assertTrue(error, error.contains("cyca -> cycb -> cycc -> cyca"));
        assertTrue(error, error.endsWith("(EDEADLK)"));
        assertTrue(bundlesNamed("org.dlkm.itest.cyc").isEmpty());
    }

    @Test
    public void aMissingDependencyIsFoundBeforeAnythingIsInstalled() throws Exception {
        register("lonely", PlainModule.class, "ghost");
        String error = refused("kmadmin -L lonely");
        assertTrue(error, error.contains("ghost"));
        assertTrue(error, error.endsWith("(ENOENT)"));
        assertTrue(bundlesNamed("org.dlkm.itest.lonely").isEmpty());
        assertTrue(refused("kmadmin -L nosuchmodule").endsWith("(ENOENT)"));
    }

    @Test
    public void aMalformedMasterFileIsRefusedWithItsFileAndLine() throws Exception {
        Path jar = TestModuleJar.withMaster("broken", PlainModule.class,
                "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\nbroken misc\n");
        String error = refused("kminstall -a " + jar);
        assertTrue(error, error.contains(ModuleConstants.MASTER_ENTRY + ": line"));
        assertTrue(error, error.contains("$$$"));
        assertTrue(error, error.endsWith("(ENOEXEC)"));
        assertTrue(catalog.entry("broken").isEmpty());
        assertTrue(refused("vmkload_mod " + jar + " x").endsWith("(ENOEXEC)"));
    }

    @Test
    public void aMalformedPciIdTableIsRefusedAtRegistrationWithItsFileLineAndReason() throws Exception {
        Path jar = TestModuleJar.withMaster("badids", PlainModule.class, "$VERSION\n1\n$$$\n$LOADABLE\n$$$\n"
                + "$INTERFACE\nbase\n$$$\n$TYPE\nbadids wsio_class\n$$$\n$PCI_ID\n8086 1229\n8086:1209\n$$$\n");
        String error = refused("kminstall -a " + jar);
        assertTrue(error, error.startsWith("kminstall: badids.jar!/" + ModuleConstants.MASTER_ENTRY + ": line 14: a"
                + " $PCI_ID line is 'vendor device', four hexadecimal digits each, as in '8086 1229'; found '8086:1209'"));
        assertTrue(error, error.endsWith("(ENOEXEC)"));
        assertTrue(catalog.entry("badids").isEmpty());
    }

    @Test
    public void aModuleThatVetoesItsUnloadStaysLoaded() throws Exception {
        register("vetokm", VetoModule.class, "");
        ok("kmadmin -L vetokm");
        String error = refused("kmadmin -U vetokm");
        assertEquals("kmadmin: vetokm: the module refused to unload; it stays loaded (EBUSY)", error);
        proc.write("/proc/vmware/veto/allow", "1");
        ok("kmadmin -U vetokm");
    }

    @Test
    public void kminstallAddsUpdatesAndDeletesButNotWhileLoaded() throws Exception {
        Path jar = TestModuleJar.withMaster("inst", PlainModule.class, master("inst", "misc", ""));
        assertTrue(ok("kminstall -a " + jar).startsWith("Module inst added: image "));
        assertTrue(refused("kminstall -a " + jar).endsWith("(EEXIST)"));
        assertTrue(ok("kminstall -u " + jar).startsWith("Module inst updated"));
        ok("kmadmin -L inst");
        String busy = refused("kminstall -d inst");
        assertTrue(busy, busy.contains("the module is loaded"));
        assertTrue(busy, busy.endsWith("(EBUSY)"));
        ok("kmadmin -U inst");
        assertEquals("Module inst deleted", ok("kminstall -d inst"));
        assertTrue(catalog.entry("inst").isEmpty());
        String home = context.getProperty("dlkm.home");
        assertFalse(Files.exists(Path.of(home, "stand/dlkm/mod.d/inst.jar")));
        assertFalse(Files.exists(Path.of(home, "usr/conf/master.d/inst")));
        assertFalse(Files.exists(Path.of(home, "stand/system.d/inst")));
        assertTrue(refused("kminstall -d inst").endsWith("(ENOENT)"));
    }

    @Test
    public void kmsystemSetsAndPrintsTheFlags() throws Exception {
        String one = ok("kmsystem -q nfshaper");
        assertTrue(one, one.contains("nfshaper        Y            Y"));
        ok("kmsystem -c N nfshaper");
        assertTrue(ok("kmsystem -S").contains("nfshaper        N            Y"));
        String home = context.getProperty("dlkm.home");
        assertTrue(Files.readString(Path.of(home, "stand/system.d/nfshaper")).contains("$CONFIGURE\nN\n$$$"));
        String refusedLoad = refused("kmadmin -L nfshaper");
        assertTrue(refusedLoad, refusedLoad.contains("not configured"));
        ok("kmsystem -c Y -l N nfshaper");
        assertTrue(refused("kmadmin -L nfshaper").contains("configured statically"));
        ok("kmsystem -l Y nfshaper");
        assertTrue(ok("kmsystem").contains("nfshaper        Y            Y"));
        assertTrue(refused("kmsystem -c maybe nfshaper").contains("takes Y or N"));
        assertTrue(refused("kmsystem -q ghost").endsWith("(ENOENT)"));
    }

    @Test
    public void settingLoadableOnAStaticOnlyModuleIsAnError() throws Exception {
        Path jar = TestModuleJar.withMaster("staticonly", PlainModule.class,
                "$VERSION\n1\n$$$\n$INTERFACE\nbase\n$$$\n$TYPE\nstaticonly misc\n$$$\n");
        ok("kminstall -a " + jar);
        assertTrue(ok("kmsystem -q staticonly").contains("staticonly      Y            -"));
        String error = refused("kmsystem -l Y staticonly");
        assertTrue(error, error.contains("has no $LOADABLE section"));
        assertTrue(error, error.endsWith("(EINVAL)"));
        assertTrue(refused("kmadmin -L staticonly").endsWith("(ENOEXEC)"));
    }
}
