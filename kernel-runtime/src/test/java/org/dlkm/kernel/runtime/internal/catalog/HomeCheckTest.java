package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.catalog.UnusableModule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot-time check: each state a crash (or a careless hand) can leave in a kernel home is laid out on disk, then
 * the check runs as the boot runs it and must leave a home whose every module is all old or all new, no leftover,
 * and a report of what it did; what it cannot repair it names and leaves alone.
 */
class HomeCheckTest {

    @TempDir
    Path root;

    private TestHome home;
    private Path e100v1;
    private Path e100v2;

    @BeforeEach
    void shippedModules() throws IOException {
        home = new TestHome(root);
        home.shipped("vmklinux", "");
        e100v1 = home.shipped("e100", "");
        e100v2 = TestHome.jar(root.resolve("incoming"), "e100-2.jar", "e100", "version 2");
    }

    private HomeCheck.Result check() {
        return new HomeCheck(home.files, home.layout, home.layout.moduleDirectory()).run();
    }

    private void registerShipped() throws Exception {
        home.register(home.layout.moduleDirectory().resolve("vmklinux.jar"));
        home.register(e100v1);
    }

    private static boolean says(HomeCheck.Result r, String text) {
        return r.report().stream().anyMatch(line -> line.contains(text));
    }

    private void assertE100Is(Path version) throws Exception {
        ModuleJar jar = ModuleJar.read(version);
        assertTrue(Arrays.equals(Files.readAllBytes(version), Files.readAllBytes(home.files.image("e100"))),
                "the image");
        assertEquals(jar.masterText(), TestHome.text(home.files.master("e100")), "the master file");
        assertEquals(SystemFile.defaultsFor(jar.master()).format(), TestHome.text(home.files.system("e100")));
    }

    /** Stages e100 version 2 as {@code kminstall -u} does, without committing. */
    private CatalogJournal.Transaction stagedUpdate() throws Exception {
        ModuleJar v2 = ModuleJar.read(e100v2);
        CatalogJournal.Transaction t = home.files.journal().begin("kminstall -u e100 from " + e100v2);
        t.copy(home.files.image("e100"), e100v2);
        t.put(home.files.master("e100"), v2.masterText());
        t.put(home.files.system("e100"), SystemFile.defaultsFor(v2.master()).format());
        return t;
    }

    @Test
    void aHomeInOrderGetsAnEmptyReport() throws Exception {
        registerShipped();

        HomeCheck.Result r = check();

        assertEquals(List.of(), r.report());
        assertEquals(Set.of("e100", "vmklinux"), r.registered().keySet());
        assertEquals(Set.of(), r.unusable().keySet());
    }

    /** Writes the journal of a transaction whose files are staged: the commit, as a crash right after it leaves it. */
    private void commitByHand(String operation, Path... targets) throws IOException {
        List<CatalogJournal.Change> changes = new java.util.ArrayList<>();
        for (Path target : targets) {
            changes.add(new CatalogJournal.Change(target,
                    Optional.of(FileDigest.sha256(CatalogJournal.stagedFor(target)))));
        }
        CatalogJournal journal = home.files.journal();
        AtomicFiles.write(journal.file(), journal.format(new CatalogJournal.Entry(operation, changes)));
    }

    @Test
    void anUpdateCommittedButNotAppliedIsCompletedAndReported() throws Exception {
        registerShipped();
        stagedUpdate();
        commitByHand("kminstall -u e100 from " + e100v2, home.files.image("e100"), home.files.master("e100"),
                home.files.system("e100"));

        HomeCheck.Result r = check();

        assertE100Is(e100v2);
        assertEquals(ModuleJar.read(e100v2).masterText(), r.registered().get("e100").image().masterText());
        assertEquals(List.of("completed the interrupted kminstall -u e100 from " + e100v2 + " from its journal "
                + home.layout.catalogJournal() + ": put .e100.jar.staged in place of " + home.files.image("e100")
                + ", put .e100.staged in place of " + home.files.master("e100") + ", put .e100.staged in place of "
                + home.files.system("e100")), r.report());
        assertEquals(List.of(), home.leftovers());
    }

    @Test
    void anUpdateInterruptedAfterItsImageWasRenamedIsCompletedNotLeftHalfNew() throws Exception {
        registerShipped();
        stagedUpdate();
        commitByHand("kminstall -u e100 from " + e100v2, home.files.image("e100"), home.files.master("e100"),
                home.files.system("e100"));
        AtomicFiles.move(CatalogJournal.stagedFor(home.files.image("e100")), home.files.image("e100"));

        check();

        assertE100Is(e100v2);
        assertEquals(List.of(), home.leftovers());
    }

    @Test
    void anUpdateStagedButNeverCommittedIsRolledBackItsStagedFilesRemovedAndReported() throws Exception {
        registerShipped();
        stagedUpdate();

        HomeCheck.Result r = check();

        assertE100Is(e100v1);
        assertEquals(List.of(), home.leftovers());
        assertTrue(says(r, "removed " + CatalogJournal.stagedFor(home.files.image("e100"))), r.report().toString());
        assertTrue(says(r, "staged by a catalog change that was interrupted before it was committed"));
        assertEquals(3, r.report().size(), r.report().toString());
    }

    @Test
    void temporaryFilesOfInterruptedWritesAreRemovedFromEveryDirectoryTheKernelWritesAndReported() throws Exception {
        registerShipped();
        List<Path> temps = List.of(home.files.images().resolve(".e100.jar.1a2b.tmp"),
                home.files.systems().resolve(".e100.77.tmp"), home.layout.moduleDirectory().resolve(".e100.jar.4242.tmp"),
                home.layout.catalogJournal().resolveSibling(".catalog.journal.9.tmp"));
        for (Path temp : temps) {
            Files.writeString(temp, "half a file");
        }

        HomeCheck.Result r = check();

        assertEquals(List.of(), home.leftovers());
        for (Path temp : temps) {
            assertTrue(says(r, "removed " + temp + " (11 bytes), a temporary file left by a write that was"
                    + " interrupted"), r.report().toString());
        }
        assertE100Is(e100v1);
    }

    @Test
    void aFreshHomeRegistersEveryShippedModuleAndReportsNothing() throws Exception {
        HomeCheck.Result r = check();

        assertEquals(List.of(), r.report());
        assertEquals(Set.of("e100", "vmklinux"), r.registered().keySet());
        assertE100Is(e100v1);
        assertEquals(List.of(), home.leftovers());
    }

    @Test
    void aFirstBootInterruptedAfterItsRecordIsCompletedAndReported() throws Exception {
        AtomicFiles.write(home.layout.firstBootRecord(), "e100.jar\nvmklinux.jar\n");
        home.register(e100v1);

        HomeCheck.Result r = check();

        assertEquals(Set.of("e100", "vmklinux"), r.registered().keySet());
        assertEquals(List.of("completed the first boot's registration of the shipped modules, which a crash"
                + " interrupted (" + home.layout.firstBootRecord() + "): registered vmklinux now"), r.report());
        assertFalse(Files.exists(home.layout.firstBootRecord()));
    }

    @Test
    void aFirstBootInterruptedBeforeItsRecordIsAFirstBootAgain() throws Exception {
        Files.createDirectories(home.layout.root().resolve("stand/dlkm"));
        Files.writeString(home.layout.firstBootRecord().resolveSibling(".first-boot.pending.5.tmp"), "e100.j");

        HomeCheck.Result r = check();

        assertEquals(Set.of("e100", "vmklinux"), r.registered().keySet());
        assertEquals(List.of(), home.leftovers());
        assertEquals(1, r.report().size(), r.report().toString());
    }

    @Test
    void aShippedModuleDeletedByTheAdministratorIsNotRegisteredAgain() throws Exception {
        home.register(home.layout.moduleDirectory().resolve("vmklinux.jar"));

        HomeCheck.Result r = check();

        assertEquals(Set.of("vmklinux"), r.registered().keySet());
        assertEquals(List.of(), r.report());
    }

    @Test
    void aGarbageSystemFileMakesItsModuleUnusableAndIsNamedWithItsLineAndLeftAlone() throws Exception {
        registerShipped();
        String garbage = "$VERSION\n1\n$$$\n$CONFIGURE\nmaybe\n$$$\n";
        Files.writeString(home.files.system("e100"), garbage);

        HomeCheck.Result r = check();

        assertEquals(garbage, TestHome.text(home.files.system("e100")));
        assertEquals(Set.of("vmklinux"), r.registered().keySet());
        UnusableModule u = r.unusable().get("e100");
        assertEquals(Errno.EINVAL, u.errno());
        assertEquals(home.files.system("e100").toString(), u.file());
        assertTrue(u.problem().startsWith(home.files.system("e100") + ": line 5: bad $CONFIGURE flag 'maybe'"),
                u.problem());
        assertTrue(says(r, "e100: unusable until " + home.files.system("e100") + " is repaired"), r.report().toString());
    }

    @Test
    void anImageThatIsNotAModuleMakesItsModuleUnusableWithEnoexec() throws Exception {
        registerShipped();
        Files.writeString(home.files.image("e100"), "not a jar");

        HomeCheck.Result r = check();

        UnusableModule u = r.unusable().get("e100");
        assertEquals(Errno.ENOEXEC, u.errno());
        assertEquals(home.files.image("e100").toString(), u.file());
        assertEquals("not a jar", TestHome.text(home.files.image("e100")));
    }

    @Test
    void aMasterAndSystemFileWithoutTheirImageAreRegisteredAgainFromTheModuleDirectory() throws Exception {
        registerShipped();
        Files.delete(home.files.image("e100"));

        HomeCheck.Result r = check();

        assertE100Is(e100v1);
        assertTrue(r.registered().containsKey("e100"));
        assertEquals(List.of("e100: re-registered its missing image " + home.files.image("e100")
                + " from the module directory (" + home.layout.moduleDirectory().resolve("e100.jar") + ")"), r.report());
    }

    @Test
    void aMasterFileWithoutItsImageOfAnotherVersionThanTheShippedOneMakesItsModuleUnusable() throws Exception {
        registerShipped();
        Files.delete(home.files.image("e100"));
        Files.writeString(home.files.master("e100"), ModuleJar.read(e100v2).masterText());

        HomeCheck.Result r = check();

        UnusableModule u = r.unusable().get("e100");
        assertEquals(Errno.ENOENT, u.errno());
        assertEquals(home.files.image("e100").toString(), u.file());
        assertTrue(u.problem().contains("missing; the module's master file " + home.files.master("e100")
                + " and system file " + home.files.system("e100") + " are there without it"), u.problem());
        assertTrue(Files.exists(home.files.master("e100")));
        assertTrue(Files.exists(home.files.system("e100")));
    }

    @Test
    void aMissingMasterFileIsRestoredFromTheImage() throws Exception {
        registerShipped();
        Files.delete(home.files.master("e100"));

        HomeCheck.Result r = check();

        assertE100Is(e100v1);
        assertEquals(List.of("e100: restored its missing master file " + home.files.master("e100") + " from its image "
                + home.files.image("e100")), r.report());
    }

    @Test
    void aMissingSystemFileIsReplacedByTheDefaults() throws Exception {
        registerShipped();
        Files.delete(home.files.system("e100"));

        HomeCheck.Result r = check();

        assertE100Is(e100v1);
        assertEquals(List.of("e100: wrote a default system file " + home.files.system("e100") + " in place of the"
                + " missing one ($CONFIGURE Y, $LOADABLE Y)"), r.report());
    }

    @Test
    void aDamagedJournalIsReportedAndLeftAloneWithTheFilesItStaged() throws Exception {
        registerShipped();
        stagedUpdate();
        Files.writeString(home.layout.catalogJournal(), "dlkm catalog journal 1\noperation\tkminstall -u e100\n",
                StandardCharsets.UTF_8);

        HomeCheck.Result r = check();

        assertTrue(Files.exists(home.layout.catalogJournal()));
        assertTrue(says(r, "cannot read the catalog journal " + home.layout.catalogJournal() + ": line 2: no 'end'"
                + " line"), r.report().toString());
        assertE100Is(e100v1);
        assertTrue(Files.exists(CatalogJournal.stagedFor(home.files.image("e100"))), "a staged file, perhaps the only"
                + " copy of a committed change");
    }
}
